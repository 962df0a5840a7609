"""Reads for the mission chooser, the mission home page, and what a mission or period holds."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from cpas.entry.spec import spec_for_model
from cpas.mandates.queries import mandates_in_force
from cpas.missions.overview import OutcomeRow
from cpas.models import (
    Activity,
    BudgetLine,
    BudgetPeriod,
    Component,
    ImpactIndicator,
    Mandate,
    MandatedTask,
    Mission,
    Outcome,
    User,
)
from cpas.models.base import Base

# Records of no record type that a mission or period still holds; other tables that name one
# (counts derived from incidents, pending uploads) are rebuilt or expire, and go with it.
# A mission's roles held by accounts are among them: they are changed on the accounts' pages,
# where the change is audited, not swept away by the mission's deletion.
HELD_WITHOUT_RECORD_TYPE = {"incidents": _l("Incidents"), "incident_imports": _l("Incident imports"),
                            "period_locks": _l("Closed periods"),
                            "mission_roles": _l("Roles of accounts (changed on the Accounts pages)")}


def _held_label(table) -> object | None:
    mapper = next((m for m in Base.registry.mappers if m.local_table is table), None)
    spec = spec_for_model(mapper.class_) if mapper is not None else None
    return spec.plural if spec is not None else HELD_WITHOUT_RECORD_TYPE.get(table.name)


def records_held(session: Session, record) -> list[tuple[object, int]]:
    """(what, how many) of the records that name ``record`` (a mission or a budget period) by a
    foreign key: the data it holds, which its deletion would take with it or trip over."""
    target = record.__table__
    held = []
    for table in Base.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is not target or table is target:
                continue
            label = _held_label(table)
            if label is None:
                continue
            count = session.scalar(select(func.count()).select_from(table).where(foreign_key.parent == record.id))
            if count:
                held.append((label, count))
    return held


def missions_seen_by(user: User | None):
    """An SQL condition on missions: those ``user`` holds a role in; None when it holds every
    mission (administrators, headquarters accounts, the command line)."""
    if user is None or user.at_headquarters:
        return None
    return Mission.id.in_([held.mission_id for held in user.mission_roles])


def missions_with_periods(session: Session, user: User | None) -> list[tuple[Mission, list[BudgetPeriod]]]:
    """Each mission ``user`` holds a role in, with the periods it holds data for, newest first
    (three queries)."""
    scopes = union(
        select(BudgetLine.mission_id, BudgetLine.period_id),
        select(Component.mission_id, Component.period_id),
        select(Activity.mission_id, Activity.period_id),
    ).subquery()
    pairs = session.execute(select(scopes.c.mission_id, scopes.c.period_id)).all()
    seen = missions_seen_by(user)
    missions = session.scalars(select(Mission).where(*([seen] if seen is not None else []))
                               .order_by(Mission.code)).all()
    periods = {p.id: p for p in session.scalars(select(BudgetPeriod))}
    by_mission: dict[int, list[BudgetPeriod]] = {mission.id: [] for mission in missions}
    for mission_id, period_id in pairs:
        if mission_id in by_mission:
            by_mission[mission_id].append(periods[period_id])
    return [
        (mission, sorted(by_mission[mission.id], key=lambda p: p.starts_on, reverse=True))
        for mission in missions
    ]


def home_counts(session: Session, mission: Mission, period: BudgetPeriod) -> dict[str, int]:
    """How much the mission's plan holds for the period (one query)."""
    mandate_ids = mandates_in_force(mission, period).with_only_columns(Mandate.id).scalar_subquery()
    statement = select(
        select(func.count(MandatedTask.id)).where(MandatedTask.mandate_id.in_(mandate_ids)).scalar_subquery(),
        select(func.count(Component.id))
        .where(Component.mission_id == mission.id, Component.period_id == period.id).scalar_subquery(),
        select(func.count(Activity.id))
        .where(Activity.mission_id == mission.id, Activity.period_id == period.id).scalar_subquery(),
        select(func.count(ImpactIndicator.id)).join(ImpactIndicator.outcome)
        .where(Outcome.mission_id == mission.id).scalar_subquery(),
    )
    tasks, components, activities, indicators = session.execute(statement).one()
    return {"tasks": tasks, "components": components, "activities": activities, "indicators": indicators}


def outcome_rows(session: Session, mission_id: int) -> list[OutcomeRow]:
    """The mission's outcomes by code: their id, code and title, not the records (one query)."""
    return [OutcomeRow(*row) for row in session.execute(
        select(Outcome.id, Outcome.code, Outcome.title).where(Outcome.mission_id == mission_id)
        .order_by(Outcome.code))]
