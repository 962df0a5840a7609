"""Mandate coverage: is every mandated task matched with means? For each task, the activities,
outputs, indicators and approved money that serve it, and a flag where there are none."""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from cpas.labels import label
from cpas.models import MandatedTask
from cpas.tables import CellKind, Column, Row, Table


@dataclass
class TaskCoverage:
    task: MandatedTask
    activities: int = 0
    outputs: int = 0
    indicators: int = 0
    approved: Decimal = Decimal(0)
    flags: list[str] = field(default_factory=list)


def build_mandate_coverage(tasks: list[MandatedTask], approved_by_activity: dict[int, Decimal],
                           impact_indicators_by_task: dict[int, int], money_unit: Decimal = Decimal(1000)) -> Table:
    """One row per task. Approved money is that of the budget lines of the task's activities; a
    line whose activity serves several tasks counts for each of them."""
    table = Table(str(_l("Mandate coverage")), [
        Column("task", str(_l("Mandated task")), width=60),
        Column("priority", str(_l("Priority")), width=24),
        Column("activities", str(_l("Activities")), CellKind.INTEGER),
        Column("outputs", str(_l("Outputs")), CellKind.INTEGER),
        Column("indicators", str(_l("Indicators")), CellKind.INTEGER),
        Column("approved", str(_l("Approved resources")), CellKind.MONEY),
        Column("gaps", str(_l("Gaps")), width=40),
    ], money_unit=money_unit, sheet_name="Mandate coverage",
        notes=[str(_l("Approved resources: budget lines attributed to the task's activities. A line whose "
                      "activity serves several tasks counts for each."))])
    for task in tasks:
        coverage = TaskCoverage(task)
        outputs = {activity.output_id for activity in task.activities if activity.output_id}
        rbb_indicators = {indicator.id for activity in task.activities if activity.output
                          for indicator in activity.output.expected_accomplishment.indicators}
        coverage.activities = len(task.activities)
        coverage.outputs = len(outputs)
        coverage.indicators = len(rbb_indicators) + impact_indicators_by_task.get(task.id, 0)
        coverage.approved = sum((approved_by_activity.get(a.id, Decimal(0)) for a in task.activities), Decimal(0))
        if not coverage.activities:
            coverage.flags.append(str(_l("no activity")))
        if not coverage.approved:
            coverage.flags.append(str(_l("no approved resources")))
        if not coverage.indicators:
            coverage.flags.append(str(_l("no indicator")))
        table.rows.append(Row({
            "task": f"{task.mandate.resolution_symbol} {task.paragraph_ref}: {task.title}",
            "priority": label(task.priority), "activities": coverage.activities, "outputs": coverage.outputs,
            "indicators": coverage.indicators, "approved": coverage.approved, "gaps": "; ".join(coverage.flags),
            "flagged": bool(coverage.flags), "task_id": task.id,
        }))
    return table
