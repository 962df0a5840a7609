"""What a record's page shows beyond its own children: where the plan links up.

A mandated task shows the activities that serve it, their budget lines, and the indicators that
measure it (CPAS indicators of outcomes linked to the task; RBB indicators of the outputs its
activities deliver)."""

from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from cpas.entry.specs import SPECS, RecordSpec
from cpas.models import Activity, ExpectedAccomplishment, ImpactIndicator, MandatedTask, Outcome, Output


def load_options(spec: RecordSpec) -> list:
    """Eager loads for ``sections``, so that a task's page makes the same number of queries
    however many activities serve it."""
    if spec.name != "mandated-tasks":
        return []
    activities = selectinload(MandatedTask.activities)
    return [
        activities.selectinload(Activity.budget_lines),
        activities.selectinload(Activity.output).selectinload(Output.expected_accomplishment)
        .selectinload(ExpectedAccomplishment.indicators),
    ]


def _task_sections(task) -> list[tuple]:
    activities = list(task.activities)
    budget_lines = [line for activity in activities for line in activity.budget_lines]
    rbb_indicators = {indicator.id: indicator for activity in activities if activity.output
                      for indicator in activity.output.expected_accomplishment.indicators}
    impact = object_session(task).scalars(
        select(ImpactIndicator).join(ImpactIndicator.outcome).where(Outcome.mandated_task_id == task.id)
        .options(selectinload(ImpactIndicator.outcome))
    ).all()
    return [
        (SPECS["budget-lines"], budget_lines),
        (SPECS["impact-indicators"], list(impact)),
        (SPECS["indicators-of-achievement"], list(rbb_indicators.values())),
    ]


def sections(spec: RecordSpec, record) -> list[tuple]:
    if spec.name == "mandated-tasks":
        return _task_sections(record)
    return []
