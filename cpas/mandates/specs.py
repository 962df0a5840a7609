"""The mandate as record types: Security Council resolutions and the tasks they give the mission.

A mandated task's page shows where the plan links up: the activities that serve it, their budget
lines, and the indicators that measure it (CPAS indicators of outcomes linked to the task; RBB
indicators of the outputs its activities deliver)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from cpas.entry.checks import dates_in_order
from cpas.entry.spec import Child, RecordSpec, RelatedSections, Scope, field_of, register
from cpas.mandates.queries import period_activities
from cpas.models import (
    Activity,
    BudgetLine,
    ExpectedAccomplishment,
    ImpactIndicator,
    Mandate,
    MandatedTask,
    Outcome,
    Output,
)


def _task_load_options(context) -> list:
    """Eager loads for the task's sections, so that its page makes the same number of queries
    however many activities serve it; the activities (and their lines) of the page's period only."""
    activities = selectinload(period_activities(context.period))
    lines = activities.selectinload(Activity.budget_lines)
    return [
        # what the lines' table prints: each line's class and component
        lines.selectinload(BudgetLine.expenditure_class),
        lines.selectinload(BudgetLine.component),
        activities.selectinload(Activity.output).selectinload(Output.expected_accomplishment)
        .selectinload(ExpectedAccomplishment.indicators),
    ]


def _task_sections(task) -> list[tuple[str, list]]:
    activities = list(task.activities)
    budget_lines = [line for activity in activities for line in activity.budget_lines]
    rbb_indicators = {indicator.id: indicator for activity in activities if activity.output
                      for indicator in activity.output.expected_accomplishment.indicators}
    impact = object_session(task).scalars(
        select(ImpactIndicator).join(ImpactIndicator.outcome).where(Outcome.mandated_task_id == task.id)
        .options(selectinload(ImpactIndicator.outcome))
    ).all()
    return [
        ("budget-lines", budget_lines),
        ("impact-indicators", list(impact)),
        ("indicators-of-achievement", list(rbb_indicators.values())),
    ]


MANDATES = register(RecordSpec(
    name="mandates", model=Mandate, label=_l("Mandate"), plural=_l("Mandates"), sheet="Mandates",
    scope=Scope.MISSION,
    fields=[
        field_of("resolution_symbol", _l("Resolution"), help=_l("e.g. S/RES/2480 (2019)")),
        field_of("adopted_on", _l("Adopted on")),
        field_of("valid_until", _l("Valid until")),
        field_of("summary", _l("Summary")),
        field_of("source_note", _l("Source note")),
    ],
    key_fields=("resolution_symbol",), list_columns=("resolution_symbol", "adopted_on", "valid_until"),
    search=("resolution_symbol", "summary"), order_by=("adopted_on",),
    children=(Child("mandated-tasks", "tasks"),),
    checks=(dates_in_order("adopted_on", "valid_until"),),
))

MANDATED_TASKS = register(RecordSpec(
    name="mandated-tasks", model=MandatedTask, label=_l("Mandated task"), plural=_l("Mandated tasks"),
    sheet="Mandated tasks", scope=Scope.MISSION,
    fields=[
        field_of("mandate", _l("Resolution"), reference="mandates"),
        field_of("paragraph_ref", _l("Paragraph"), help=_l("e.g. OP 20")),
        field_of("title", _l("Title")),
        field_of("text", _l("Text")),
        field_of("priority", _l("Priority")),
        field_of("position", _l("Position"), required=False),  # left empty, new tasks go first
    ],
    key_fields=("mandate", "paragraph_ref"), scope_path=("mandate",), parent_field="mandate",
    list_columns=("mandate", "paragraph_ref", "title", "priority"), filters=("priority", "mandate"),
    search=("title", "text", "paragraph_ref"), order_by=("position", "paragraph_ref"),
    children=(Child("activities", "activities"),),
    related=RelatedSections(load_options=_task_load_options, build=_task_sections),
))

SPECS = [MANDATES, MANDATED_TASKS]
