"""The approved money attributed to each intended outcome, and how.

An outcome serves a mandated task; activities of the period serve tasks; budget lines of the
period are attributed to activities. The rule, so that no dollar is counted twice: an activity's
approved money is divided equally among the mandated tasks it serves, and a task's share equally
among the outcomes linked to that task (to the cent, the cents left over to the first). A task
no outcome is linked to keeps its share: that money is attributed to no outcome. The figure is
derived, never entered, and is labelled so wherever it is shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from cpas.money import split_evenly


@dataclass(frozen=True)
class ActivityServingTask:
    """One activity of the period serving one mandated task, with the approved money of the
    budget lines attributed to the activity (the same for each task it serves)."""

    activity_id: int
    ref: str
    title: str
    task_id: int
    approved: Decimal


@dataclass(frozen=True)
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


def attribute_to_outcomes(outcome_tasks: dict[int, int | None],
                          activities: list[ActivityServingTask]) -> dict[int, OutcomeMoney]:
    """{outcome id: the approved money attributed to it} for ``outcome_tasks`` ({outcome id: its
    mandated task id or None}), by the rule of this module."""
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
    for activity_id, task_ids in sorted(tasks_of_activity.items()):
        activity, task_ids = by_activity[activity_id], sorted(set(task_ids))
        for task_id, task_share in zip(task_ids, split_evenly(activity.approved, len(task_ids)), strict=True):
            outcomes = outcomes_of_task.get(task_id, [])
            if not outcomes:
                continue
            for outcome_id, share in zip(outcomes, split_evenly(task_share, len(outcomes)), strict=True):
                money[outcome_id].attributed += share
                money[outcome_id].activities.append(ActivityShare(
                    ref=activity.ref, title=activity.title, approved=activity.approved, tasks_served=len(task_ids),
                    outcomes_sharing_task=len(outcomes), share=share,
                    activity_id=activity_id))
    return money
