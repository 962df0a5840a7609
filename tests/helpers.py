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
