"""The CPAS results page and the impact assessment at scale: the same queries with ten or a
thousand data points per indicator, each indicator's latest value, status and trend with a link to
its full series (never the series itself), and the money of a task divided among all its
outcomes whichever page shows them."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from cpas.assessments.rounds import load_round
from cpas.db import get_session
from cpas.models import (
    BudgetPeriod,
    DataPoint,
    Direction,
    ImpactIndicator,
    IndicatorTarget,
    Mission,
    Outcome,
    RegionalAggregation,
)
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20"
PAGES = [f"{BASE}/results/", f"{BASE}/reports/assessment", f"{BASE}/reports/assessment?page=all",
         f"{BASE}/reports/assessment.xlsx"]
FIRST_DAY = date(2017, 1, 1)


def add_series_outcome(session) -> Outcome:
    """An outcome "S1" of three indicators, one of them additive by region, with targets."""
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    outcome = Outcome(mission_id=mission.id, code="S1", title="Made-up series outcome")
    for number, aggregation in ((1, RegionalAggregation.NONE), (2, RegionalAggregation.SUM),
                                (3, RegionalAggregation.NONE)):
        indicator = ImpactIndicator(code=f"S1.{number}", name=f"Made-up series {number}", unit="events",
                                    direction=Direction.LOWER_IS_BETTER, regional_aggregation=aggregation,
                                    baseline_value=Decimal(500), baseline_on=date(2016, 12, 31), frequency="Daily")
        indicator.targets.append(IndicatorTarget(target_on=date(2020, 6, 30), value=Decimal(100)))
        outcome.indicators.append(indicator)
    session.add(outcome)
    session.flush()
    return outcome


def add_points(session, outcome: Outcome, first: int, last: int) -> None:
    """Daily values ``first`` to ``last`` (days after 2017-01-01) of each indicator: 1,000 + the
    day's number, so that the latest is the largest; the additive one by region too."""
    for indicator in outcome.indicators:
        for day in range(first, last):
            on = FIRST_DAY + timedelta(days=day)
            session.add(DataPoint(indicator_id=indicator.id, observed_on=on, region="", value=Decimal(1000 + day)))
            if indicator.regional_aggregation is RegionalAggregation.SUM:
                session.add(DataPoint(indicator_id=indicator.id, observed_on=on, region="Mopti", value=Decimal(day)))
                session.add(DataPoint(indicator_id=indicator.id, observed_on=on, region="Gao", value=Decimal(1000)))
    session.commit()


def queries_per_page(client, count_queries) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        with count_queries() as counter:
            assert client.get(page).status_code == 200, page
        counts[page] = counter.count
    return counts


def test_results_and_assessment_queries_do_not_grow_from_ten_to_a_thousand_points(app, client, demo,
                                                                                    count_queries):
    login(client, "officer")
    with app.app_context():
        session = get_session()
        outcome = add_series_outcome(session)
        add_points(session, outcome, 0, 10)
    ten = queries_per_page(client, count_queries)
    with app.app_context():
        session = get_session()
        add_points(session, session.get(Outcome, outcome.id), 10, 1000)
    thousand = queries_per_page(client, count_queries)
    assert thousand == ten
    assert max(ten.values()) <= 16


def test_results_page_shows_the_latest_value_status_and_a_link_to_the_series_not_the_series(app, client, demo):
    login(client, "officer")
    with app.app_context():
        session = get_session()
        outcome = add_series_outcome(session)
        add_points(session, outcome, 0, 1000)
        indicator_ids = [indicator.id for indicator in outcome.indicators]
    page = client.get(f"{BASE}/results/?page=2").get_data(as_text=True)  # S1 sorts after the demo's O1 to O4
    assert "Made-up series outcome" in page
    latest_day = (FIRST_DAY + timedelta(days=999)).strftime("%-d %b %Y")  # 26 Sep 2019
    for indicator_id in indicator_ids:
        row = re.search(rf'<tr data-indicator="{indicator_id}">.*?</tr>', page, re.S).group(0)
        assert "<strong>1,999</strong>" in row and latest_day in row  # the latest of 1,000 values
        assert "Off track" in row and "Deteriorating" in row  # lower is better, and it rises
        assert f'href="{BASE}/grids/impact-indicators/{indicator_id}">Every value, by region and date</a>' in row
    # The additive indicator's regions add up (day + 1,000 = the whole's 1,000 + day): no warning.
    assert "the regions add up to" not in page
    assert "1,998" not in page and "1,000<" not in page  # earlier values stay on the grid


def test_a_tasks_money_is_divided_among_all_its_outcomes_on_every_page(app, client, demo):
    """Outcomes sharing the funded task, on two pages of the results: each page attributes what
    the assessment round (which reads every outcome) attributes, and the shares add up."""
    login(client, "reviewer")
    with app.app_context():
        session = get_session()
        mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
        first = session.scalar(select(Outcome).where(Outcome.mission_id == mission.id, Outcome.code == "O1"))
        for number in range(12):
            session.add(Outcome(mission_id=mission.id, code=f"Z{number:02d}", title=f"Made-up outcome {number}",
                                mandated_task_id=first.mandated_task_id))
        session.commit()
        period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
        assessment_round = load_round(session, mission, period, date.today(), Decimal(15))
        attributed = {each.outcome.id: each.money.attributed for each in assessment_round.outcomes}
    shown = {}
    for page in (1, 2):
        html = client.get(f"{BASE}/results/?page={page}").get_data(as_text=True)
        for outcome_id, amount in re.findall(r'id="money-(\d+)">.*?<span class="num fw-semibold">([^<]+)</span>',
                                             html, re.S):
            shown[int(outcome_id)] = amount
    assert len(shown) == len(attributed)
    for outcome_id, amount in attributed.items():
        assert shown[outcome_id] == f"${round(amount):,}", outcome_id


def test_every_outcome_in_detail_is_refused_past_its_bound_and_points_to_the_workbook(app, client, demo,
                                                                                       monkeypatch):
    import cpas.reports.views as report_views

    login(client, "reviewer")
    whole = client.get(f"{BASE}/reports/assessment?page=all").get_data(as_text=True)
    assert 'id="round-too-long"' not in whole
    monkeypatch.setattr(report_views, "MOST_INDICATORS_IN_DETAIL", 0)  # the demo has one
    with app.app_context():
        session = get_session()
        mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
        for number in range(12):  # two pages of outcomes
            session.add(Outcome(mission_id=mission.id, code=f"Z{number:02d}", title=f"Made-up outcome {number}"))
        session.commit()
    bounded = client.get(f"{BASE}/reports/assessment?page=all").get_data(as_text=True)
    assert 'id="round-too-long"' in bounded and "more than 0 impact indicators" in bounded
    assert f'href="{BASE}/reports/assessment.xlsx"' in bounded
    assert 'id="outcome-' in bounded and "Made-up outcome 11</a></h2>" not in bounded  # the first page only
    assert "Made-up outcome 11" in bounded  # in the summary, as every page
    assert f'href="{BASE}/reports/assessment?page=all"' not in bounded


def test_the_assessment_page_lists_an_outcomes_largest_activities_and_sums_the_rest(app, client, demo,
                                                                                   monkeypatch):
    import cpas.reports.views as report_views

    login(client, "reviewer")
    monkeypatch.setattr(report_views, "ACTIVITIES_LISTED", 0)  # the demo lists one or two
    page = client.get(f"{BASE}/reports/assessment").get_data(as_text=True)
    resources = page.split('<table class="doc resources">')[1].split("</table>")[0]
    assert re.search(r"and \d+ more activit(y|ies), in the workbook's Resources sheet", resources)
    workbook = client.get(f"{BASE}/reports/assessment.xlsx")
    assert workbook.status_code == 200


def test_the_workbook_charts_a_bounded_number_of_indicators_off_track_first(app, client, demo, monkeypatch):
    from io import BytesIO
    from zipfile import ZipFile

    import cpas.reports.assessment as assessment_builders

    login(client, "reviewer")
    with app.app_context():
        session = get_session()
        outcome = add_series_outcome(session)
        add_points(session, outcome, 0, 30)
    monkeypatch.setattr(assessment_builders, "MOST_TREND_CHARTS", 2)
    data = client.get(f"{BASE}/reports/assessment.xlsx").get_data()
    with ZipFile(BytesIO(data)) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 2
    trends = load_workbook(BytesIO(data))["Trends"]
    texts = [cell.value for row in trends.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Charts: 2 of the 4 indicators, those off track first; the values of every indicator are in the table." \
        in texts
    dated = [row for row in trends.iter_rows() if isinstance(row[1].value, datetime)]
    assert len(dated) > 3 * 24 and all(row[0].value is None for row in dated)  # values under their indicator's heading
    page = client.get(f"{BASE}/reports/assessment").get_data(as_text=True)
    assert page.count('id="trend-') == 4  # the page charts every indicator of its outcomes
