"""Data entry pages make a fixed number of SQL queries, whatever the amount of data."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from cpas.db import get_session
from cpas.entry.spec import SPECS
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    ExpenditureClass,
    ImpactIndicator,
    MandatedTask,
    Mission,
    Pillar,
)
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20"


def add_rows(session, count: int, start: int = 0) -> None:
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    # Lines of many classes and components, each of which a page prints: loaded with the lines,
    # not one query per distinct class or component.
    classes = session.scalars(select(ExpenditureClass).order_by(ExpenditureClass.id)).all()
    components = session.scalars(select(Component).where(Component.mission_id == mission.id,
                                                         Component.period_id == period.id)).all()
    task = session.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 21"))
    indicator = session.scalar(select(ImpactIndicator))
    for number in range(start, start + count):
        activity = Activity(mission_id=mission.id, period_id=period.id, ref=f"Z-{number}", title=f"Extra {number}",
                            pillar=Pillar.JOINT, starts_on=date(2019, 9, 1))
        activity.tasks.append(task)
        line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=classes[number % len(classes)].id,
                          component=components[number % len(components)], ref=f"Z-{number}", activity=activity)
        line.amounts.append(BudgetAmount(stage=BudgetStage.PROPOSED, amount=Decimal("10.00")))
        session.add_all([activity, line])
        session.add(DataPoint(indicator_id=indicator.id, observed_on=date(2019, 1, 1), region=f"R{number}",
                              value=Decimal(number)))
    session.commit()


def page_queries(client, count_queries, paths) -> dict:
    counts = {}
    for path in paths:
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        counts[path] = counter.count
    return counts


def test_entry_pages_make_the_same_number_of_queries_on_small_and_large_data(app, client, demo, count_queries):
    login(client, "officer")
    with app.app_context():
        session = get_session()
        task_id = session.scalar(select(MandatedTask.id).where(MandatedTask.paragraph_ref == "OP 21"))
        indicator_id = session.scalar(select(ImpactIndicator.id))
    paths = [f"{BASE}/records/{name}/" for name, spec in SPECS.items() if spec.entered] + [
        f"{BASE}/records/mandated-tasks/{task_id}", f"{BASE}/records/impact-indicators/{indicator_id}",
        f"{BASE}/records/activities/new", f"{BASE}/records/budget-amounts/new",
        f"{BASE}/grids/impact-indicators/{indicator_id}",
    ]
    # A few linked rows first, so that every eager load has something to load in both runs.
    with app.app_context():
        add_rows(get_session(), 3)
    small = page_queries(client, count_queries, paths)
    with app.app_context():
        add_rows(get_session(), 60, start=3)
    large = page_queries(client, count_queries, paths)
    assert large == small
