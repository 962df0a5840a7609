"""The number of SQL queries a page makes does not grow with the data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from cpas.db import get_session
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    Direction,
    ExpectedAccomplishment,
    ExpenditureClass,
    ImpactIndicator,
    IndicatorOfAchievement,
    IndicatorTarget,
    MandatedTask,
    Mission,
    Outcome,
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


def add_outcomes(db, count: int, points_per_indicator: int = 0, off_track_every: int = 3) -> None:
    """``count`` made-up outcomes of MINUSMA, each with two indicators: one off track every
    ``off_track_every`` outcomes (else on track), one without a target; each indicator with
    ``points_per_indicator`` monthly values ending in June 2020 (bulk inserts)."""
    mission_id = db.scalar(select(Mission.id).where(Mission.code == "MINUSMA"))
    rows = []
    for number in range(count):
        outcome = Outcome(mission_id=mission_id, code=f"X{number:03d}", title=f"Made-up outcome {number}")
        judged = ImpactIndicator(code=f"X{number}.1", name=f"Made-up judged indicator {number}", unit="patrols",
                                 direction=Direction.HIGHER_IS_BETTER, baseline_value=Decimal(0),
                                 baseline_on=date(2010, 1, 1), frequency="Monthly")
        judged.targets.append(IndicatorTarget(target_on=date(2020, 6, 30), value=Decimal(100)))
        untargeted = ImpactIndicator(code=f"X{number}.2", name=f"Made-up untargeted indicator {number}",
                                     direction=Direction.HIGHER_IS_BETTER, frequency="Monthly")
        outcome.indicators.extend([judged, untargeted])
        db.add(outcome)
        db.flush()
        latest = Decimal(1) if number % off_track_every == 0 else Decimal(99)
        for back in range(points_per_indicator):
            on = date(2020, 6, 1) - timedelta(days=30 * back)
            rows.append({"indicator_id": judged.id, "observed_on": on, "region": "",
                         "value": latest if back == 0 else Decimal(50)})
            rows.append({"indicator_id": untargeted.id, "observed_on": on, "region": "", "value": Decimal(back)})
    if rows:
        db.execute(insert(DataPoint), rows)
    db.commit()


def test_page_query_counts_do_not_grow_with_the_data(app, client, demo, count_queries):
    login(client, "officer")
    small = queries_per_page(client, count_queries)
    with app.app_context():
        add_bulk_data(get_session(), copies=30)
    large = queries_per_page(client, count_queries)
    assert large == small
    assert max(small.values()) <= 16


@pytest.mark.parametrize("page", ["/", "/dashboard", "/my-work"])
def test_the_pages_that_judge_every_indicator_make_as_many_queries_with_10_or_1000_values_each(
        app, demo, count_queries, page):
    """The overview, the dashboard and My work judge every impact indicator of the mission: with
    10 values per indicator or 1,000 (80 indicators, 80,000 values), the same queries."""
    queries = {}
    for points in (10, 1000):
        with app.app_context():
            session = get_session()
            session.execute(DataPoint.__table__.delete().where(DataPoint.indicator_id.in_(
                select(ImpactIndicator.id).join(ImpactIndicator.outcome).where(Outcome.code.like("X%")))))
            session.execute(Outcome.__table__.delete().where(Outcome.code.like("X%")))
            session.commit()
            add_outcomes(session, 40, points_per_indicator=points)
        client = app.test_client()
        login(client, "officer")
        with count_queries() as counter:
            response = client.get(BASE + page)
        assert response.status_code == 200
        queries[points] = counter.count
    assert queries[10] == queries[1000]
