"""The number of SQL queries a page makes does not grow with the data."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from cpas.db import get_session
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    ExpectedAccomplishment,
    ExpenditureClass,
    IndicatorOfAchievement,
    MandatedTask,
    Mission,
    Output,
    Pillar,
)
from tests.conftest import login

PAGES = ["/", "/budget/", "/mandate/", "/reports/rbb", "/records/activities/", "/results/"]
BASE = "/m/MINUSMA/2019-20"


def queries_per_page(client, count_queries) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        with count_queries() as counter:
            assert client.get(BASE + page).status_code == 200
        counts[page] = counter.count
    return counts


def add_bulk_data(session, copies: int) -> None:
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    classes = session.scalars(select(ExpenditureClass)).all()
    tasks = session.scalars(select(MandatedTask)).all()
    for number in range(copies):
        component = Component(mission_id=mission.id, period_id=period.id, number=10 + number, name=f"Extra {number}")
        accomplishment = ExpectedAccomplishment(number=f"{10 + number}.1", text="More")
        accomplishment.indicators.append(IndicatorOfAchievement(number=f"{10 + number}.1.1", text="More"))
        accomplishment.outputs.append(Output(description="More outputs", planned_quantity=Decimal(5)))
        component.expected_accomplishments.append(accomplishment)
        session.add(component)
        activity = Activity(mission_id=mission.id, period_id=period.id, title=f"Activity {number}", ref=f"X-{number}",
                            pillar=Pillar.CIVILIAN, starts_on=date(2019, 8, 1))
        activity.tasks.extend(tasks[:2])
        session.add(activity)
        for position, expenditure_class in enumerate(classes):
            line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=expenditure_class.id,
                              ref=f"X-{number}-{position}")
            line.amounts.append(BudgetAmount(stage=BudgetStage.REVISED, amount=Decimal("1000.50")))
            session.add(line)
    session.commit()


def test_page_query_counts_do_not_grow_with_the_data(app, client, demo, count_queries):
    login(client, "officer")
    small = queries_per_page(client, count_queries)
    with app.app_context():
        add_bulk_data(get_session(), copies=30)
    large = queries_per_page(client, count_queries)
    assert large == small
    assert max(small.values()) <= 16
