"""Mandate coverage: is every mandated task matched with means? For each task, the activities,
outputs, indicators and approved money that serve it, and a flag where there are none."""

from dataclasses import dataclass, field
from decimal import Decimal

from cpas.models import MandatedTask
from cpas.reports.translator import Translator
from cpas.reports.units import units_caption
from cpas.tables import CellKind, Column, NewRecordLink, RecordLink, Row, Table


@dataclass(kw_only=True)
class TaskCoverage:
    task: MandatedTask
    activities: int = 0
    outputs: int = 0
    indicators: int = 0
    approved: Decimal = Decimal(0)
    flags: list[str] = field(default_factory=list)


def build_mandate_coverage(*, tasks: list[MandatedTask], approved_by_activity: dict[int, Decimal],
                           impact_indicators_by_task: dict[int, int], money_unit: Decimal,
                           translator: Translator) -> Table:
    """One row per task. Approved money is that of the budget lines of the task's activities; a
    line whose activity serves several tasks counts for each of them. Each task links to its page,
    and each gap offers what closes it: an activity for a task without one, a budget line for
    each of its activities without approved money."""
    _ = translator.gettext
    table = Table(_("Mandate coverage"), [
        Column("task", _("Mandated task"), width=60),
        Column("priority", _("Priority"), width=24),
        Column("activities", _("Activities"), CellKind.INTEGER),
        Column("outputs", _("Outputs"), CellKind.INTEGER),
        Column("indicators", _("Indicators"), CellKind.INTEGER),
        Column("approved", _("Approved resources"), CellKind.MONEY),
        Column("gaps", _("Gaps"), width=40),
    ], money_unit=money_unit, caption=units_caption(money_unit, translator), sheet_name="Mandate coverage",
        notes=[_("Approved resources: budget lines attributed to the task's activities. A line whose "
                 "activity serves several tasks counts for each.")])
    for task in tasks:
        coverage = TaskCoverage(task=task)
        outputs = {activity.output_id for activity in task.activities if activity.output_id}
        rbb_indicators = {indicator.id for activity in task.activities if activity.output
                          for indicator in activity.output.expected_accomplishment.indicators}
        coverage.activities = len(task.activities)
        coverage.outputs = len(outputs)
        coverage.indicators = len(rbb_indicators) + impact_indicators_by_task.get(task.id, 0)
        coverage.approved = sum((approved_by_activity.get(a.id, Decimal(0)) for a in task.activities), Decimal(0))
        if not coverage.activities:
            coverage.flags.append(_("no activity"))
        if not coverage.approved:
            coverage.flags.append(_("no approved resources"))
        if not coverage.indicators:
            coverage.flags.append(_("no indicator"))
        row = Row({
            "task": f"{task.mandate.resolution_symbol} {task.paragraph_ref}: {task.title}",
            "priority": translator.label(task.priority), "activities": coverage.activities, "outputs": coverage.outputs,
            "indicators": coverage.indicators, "approved": coverage.approved, "gaps": "; ".join(coverage.flags),
            "flagged": bool(coverage.flags), "task_id": task.id,
        }, links={"task": RecordLink("mandated-tasks", task.id)})
        row.actions["gaps"] = _gap_actions(task, approved_by_activity, translator)
        table.rows.append(row)
    return table


def _gap_actions(task: MandatedTask, approved_by_activity: dict[int, Decimal],
                 translator: Translator) -> list[NewRecordLink]:
    """What closes a task's gaps of means: an activity serving it, when it has none; a budget line
    for each of its activities that has no approved money."""
    _ = translator.gettext
    if not task.activities:
        return [NewRecordLink(_("Add an activity for this task"), "activities",
                              (("tasks", RecordLink("mandated-tasks", task.id)),))]
    return [NewRecordLink(_("Add a budget line to %(activity)s", activity=activity.ref), "budget-lines",
                          budget_line_prefill(activity))
            for activity in task.activities if not approved_by_activity.get(activity.id)]


def budget_line_prefill(activity) -> tuple:
    """A new budget line of an activity: the activity, and its component where it has one."""
    prefill = (("activity", RecordLink("activities", activity.id)),)
    if activity.component_id:
        prefill += (("component", RecordLink("components", activity.component_id)),)
    return prefill
