"""Shared test helpers: what a user would check after an action."""

from sqlalchemy import func, select

from cpas.models import Base, BudgetAmount


def database_state(session) -> dict:
    """Row counts of every table and the total of all amounts: equal before and after a refused
    action means nothing was half-saved."""
    session.expire_all()
    state = {table.name: session.scalar(select(func.count()).select_from(table))
             for table in Base.metadata.sorted_tables}
    state["sum of amounts"] = session.scalar(select(func.sum(BudgetAmount.amount)))
    return state


def give_demo_roles_in(session, mission, *logins: str) -> None:
    """The demo accounts named hold in ``mission`` (a test's own) the roles they hold in MINUSMA,
    as an administrator would give them; committed. Headquarters accounts hold it already."""
    from cpas.models import Mission, MissionRole, User

    minusma = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    for user in session.scalars(select(User).where(User.login.in_(logins))):
        if not user.at_headquarters:
            user.mission_roles.append(MissionRole(mission_id=mission.id, role=user.role_in(minusma)))
    session.commit()


def add_empty_mission(app, *logins: str) -> None:
    """NEWMISSION with its budget period 2025/26 and nothing else, held by the demo accounts
    named (``give_demo_roles_in``): committed."""
    from datetime import date

    from cpas.db import get_session
    from cpas.models import BudgetPeriod, Mission

    with app.app_context():
        session = get_session()
        mission = Mission(code="NEWMISSION", name="New mission", country="Somewhere")
        session.add(mission)
        session.add(BudgetPeriod(label="2025/26", starts_on=date(2025, 7, 1), ends_on=date(2026, 6, 30)))
        session.flush()
        give_demo_roles_in(session, mission, *logins)
