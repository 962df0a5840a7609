"""The approved money attributed to each intended outcome, and how.

An outcome serves a mandated task; activities of the period serve tasks; budget lines of the
period are attributed to activities. The rule, so that no dollar is counted twice: an activity's
approved money is divided equally among the mandated tasks it serves, and a task's share equally
among the outcomes linked to that task (to the cent, the cents left over to the first). A task
no outcome is linked to keeps its share: that money is attributed to no outcome. The figure is
derived, never entered, and is labelled so wherever it is shown.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from cpas.money import to_money


@dataclass(frozen=True, slots=True)
class ActivityServingTask:
    """One activity of the period serving one mandated task, with the approved money of the
    budget lines attributed to the activity (the same for each task it serves)."""

    activity_id: int
    ref: str
    title: str
    task_id: int
    approved: Decimal


@dataclass(frozen=True, slots=True)
class ActivityShare:
    """What one activity gives one outcome: its approved money, how many tasks it serves and how
    many outcomes share the task, and the outcome's share."""

    ref: str
    title: str
    approved: Decimal
    tasks_served: int
    outcomes_sharing_task: int
    share: Decimal
    activity_id: int | None = None  # for the page to link the activity


@dataclass
class OutcomeMoney:
    attributed: Decimal = Decimal(0)
    activities: list[ActivityShare] = field(default_factory=list)


def _cents(amount: Decimal) -> int:
    return int(to_money(amount) * 100)


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # exact: 12345 cents are 123.45, with two decimals as CENT has


def attribute_to_outcomes(outcome_tasks: dict[int, int | None], activities: list[ActivityServingTask],
                          itemised: Collection[int] | None = None) -> dict[int, OutcomeMoney]:
    """{outcome id: the approved money attributed to it} for ``outcome_tasks`` ({outcome id: its
    mandated task id or None}: every outcome of the mission, since a task's share is divided among
    all the outcomes linked to it), by the rule of this module; each activity's share listed for
    the outcomes in ``itemised`` only (None: every outcome).

    The totals are counted in whole cents per task, not per outcome and activity: a task's
    outcomes each get the sum of the whole cents of each activity's split, and the cents left
    over by an activity go to its first outcomes (as ``split_evenly`` gives them), so a mission
    of a thousand activities and two hundred outcomes costs a few thousand additions."""
    tasks_of_activity: dict[int, list[int]] = defaultdict(list)
    by_activity: dict[int, ActivityServingTask] = {}
    for serving in activities:
        tasks_of_activity[serving.activity_id].append(serving.task_id)
        by_activity[serving.activity_id] = serving
    outcomes_of_task: dict[int, list[int]] = defaultdict(list)
    for outcome_id, task_id in sorted(outcome_tasks.items()):
        if task_id is not None:
            outcomes_of_task[task_id].append(outcome_id)
    money = {outcome_id: OutcomeMoney() for outcome_id in outcome_tasks}
    itemised = set(outcome_tasks) if itemised is None else set(itemised)
    whole_cents: dict[int, int] = defaultdict(int)  # task id -> what each of its outcomes gets at least
    left_over: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # task -> {cents left: activities}
    for activity_id, task_ids in sorted(tasks_of_activity.items()):
        activity, task_ids = by_activity[activity_id], sorted(set(task_ids))
        task_base, task_left = divmod(_cents(activity.approved), len(task_ids))
        for task_index, task_id in enumerate(task_ids):
            outcomes = outcomes_of_task.get(task_id, [])
            if not outcomes:
                continue
            base, left = divmod(task_base + (1 if task_index < task_left else 0), len(outcomes))
            whole_cents[task_id] += base
            left_over[task_id][left] += 1
            for position, outcome_id in enumerate(outcomes):
                if outcome_id in itemised:
                    money[outcome_id].activities.append(ActivityShare(
                        ref=activity.ref, title=activity.title, approved=activity.approved,
                        tasks_served=len(task_ids), outcomes_sharing_task=len(outcomes),
                        share=_money(base + (1 if position < left else 0)), activity_id=activity_id))
    for task_id, outcomes in outcomes_of_task.items():
        for position, outcome_id in enumerate(outcomes):
            # The activities whose left-over cents reach this outcome: those with more than ``position`` left.
            extra = sum(count for left, count in left_over[task_id].items() if left > position)
            money[outcome_id].attributed = _money(whole_cents[task_id] + extra) if task_id in whole_cents \
                else Decimal(0)
    return money
