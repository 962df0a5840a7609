"""Reads of a mission's mandate."""

from sqlalchemy import Select, select

from cpas.models import Activity, BudgetPeriod, Mandate, MandatedTask, Mission


def mandates_in_force(mission: Mission, period: BudgetPeriod) -> Select:
    """The mission's resolutions in force during the period: adopted by its end and valid (or
    open-ended) until at least its start. A statement, for callers to order, load or count."""
    return select(Mandate).where(
        Mandate.mission_id == mission.id,
        Mandate.adopted_on <= period.ends_on,
        (Mandate.valid_until.is_(None)) | (Mandate.valid_until >= period.starts_on),
    )


def period_activities(period: BudgetPeriod):
    """A task's activities of one budget period, as a relationship to load: a task of the mission
    is served by activities in every period, and a page of 2018/19 counts those of 2018/19."""
    return MandatedTask.activities.and_(Activity.period_id == period.id)
