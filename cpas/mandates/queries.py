"""Reads of a mission's mandate."""

from sqlalchemy import Select, select

from cpas.models import BudgetPeriod, Mandate, Mission


def mandates_in_force(mission: Mission, period: BudgetPeriod) -> Select:
    """The mission's resolutions in force during the period: adopted by its end and valid (or
    open-ended) until at least its start. A statement, for callers to order, load or count."""
    return select(Mandate).where(
        Mandate.mission_id == mission.id,
        Mandate.adopted_on <= period.ends_on,
        (Mandate.valid_until.is_(None)) | (Mandate.valid_until >= period.starts_on),
    )
