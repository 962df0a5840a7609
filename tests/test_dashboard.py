"""The leadership dashboard: on the demo, the waterfall's gaps, the priorities with their money, the
civilian-deaths indicator off track and what awaits a decision, each linked to the page that
explains it; leadership lands on it, every role can open it, and its queries do not grow with
the data."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from cpas.db import get_session
from cpas.incidents.services import count_incidents_by_month
from cpas.labels import FREQUENCY_LABELS, frequency_label
from cpas.models import (
    AssessmentStatus,
    DataPoint,
    Direction,
    ImpactAssessment,
    ImpactIndicator,
    Incident,
    MandatedTask,
    Mission,
    Outcome,
    RatingLevel,
    Recommendation,
    RecommendationStatus,
)
from cpas.results.progress import FREQUENCY_DAYS
from tests.conftest import login
from tests.incident_data import made_up_incident_rows
from tests.test_dashboard_builders import outlined
from tests.test_query_counts import add_bulk_data

PAGE = "/m/MINUSMA/2019-20/dashboard"


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def add_decisions(session) -> dict:
    """A submitted assessment of the demo's outcome rated worse than an approved one of the
    previous round, with a recommendation overdue (made up)."""
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    outcome = session.scalar(select(Outcome).where(Outcome.code == "O1"))
    levels = {level.code: level for level in session.scalars(select(RatingLevel))}
    earlier = ImpactAssessment(mission_id=mission.id, outcome_id=outcome.id, title="Made-up 2018/19 assessment",
                               covers_from=date(2018, 7, 1), covers_to=date(2019, 6, 30),
                               rating_level_id=levels["some_progress"].id, status=AssessmentStatus.APPROVED)
    current = ImpactAssessment(mission_id=mission.id, outcome_id=outcome.id, title="Made-up 2019/20 assessment",
                               covers_from=date(2019, 7, 1), covers_to=date(2019, 12, 31),
                               rating_level_id=levels["regression"].id, status=AssessmentStatus.SUBMITTED)
    current.recommendations.append(Recommendation(text="Plan an operation in Mopti before November (made up)",
                                                  owner="JOC", due_on=date(2019, 10, 31)))
    session.add_all([earlier, current])
    session.commit()
    return {"current": current.id, "earlier": earlier.id, "recommendation": current.recommendations[0].id}


def add_recommendations_to_decide(session, assessment_id: int) -> dict:
    """Beside the overdue one of ``add_decisions``: two open recommendations before leadership
    (one not yet due, one without a due date), one already taken up and one of a draft (made up)."""
    assessment = session.get(ImpactAssessment, assessment_id)
    assessment.recommendations.extend([
        Recommendation(position=1, text="Deploy a mobile team to Ségou (made up)", owner="Force",
                       due_on=date(2099, 1, 31)),
        Recommendation(position=2, text="Review the early-warning network (made up)"),
        Recommendation(position=3, text="Already taken up (made up)", status=RecommendationStatus.IN_PROGRESS),
    ])
    draft = ImpactAssessment(mission_id=assessment.mission_id, outcome_id=assessment.outcome_id,
                             title="Made-up draft", covers_from=date(2019, 7, 1), covers_to=date(2019, 9, 30))
    draft.recommendations.append(Recommendation(text="Still a draft's (made up)"))
    session.add(draft)
    session.commit()
    return {recommendation.text: recommendation.id for recommendation in assessment.recommendations}


def add_incidents(session, count: int, batch: str = "") -> None:
    """Made-up incidents up to the end of 2019, peaking in November in the centre; a new ``batch``
    adds more."""
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    rows = made_up_incident_rows(mission.id, count, last=date(2019, 12, 31))
    for row in rows:
        row["event_id"] = f"{batch}{row['event_id']}"
    session.execute(insert(Incident), rows)
    count_incidents_by_month(session, mission)
    session.commit()


def figure_of(html: str, element_id: str) -> dict:
    return json.loads(re.search(rf'data-plotly-figure="{element_id}">(.*?)</script>', html, re.S).group(1))


def test_the_leader_sees_the_money_the_mandate_the_impact_and_the_decisions(client, demo, db):
    ids = add_decisions(db)
    login(client, "leader")
    html = client.get(PAGE).get_data(as_text=True)

    money = section(html, "money")
    assert "$11,320,900" in html and "$7,600,000" in html  # the key figures
    assert "(7,600,000)" in money and "(3,720,900)" in money  # the table view of the waterfall
    figure = json.loads(re.search(r'data-plotly-figure="waterfall-chart">(.*?)</script>', html, re.S).group(1))
    (trace,) = figure["data"]
    assert trace["type"] == "waterfall"
    assert trace["measure"] == ["absolute", "relative", "total", "relative", "total"]
    assert trace["text"][1] == "−$3,720,900 (−0.32%)"  # labelled from the Decimals, in dollars and per cent
    assert trace["text"][3] == "−$7,600,000 (−0.66%)"
    assert trace["text"][4] == "$1,138,457,900"
    assert figure["layout"]["title"]["text"].replace("<br>", " ") == "Approved: $11,320,900 (0.98%) below the proposal"
    assert "No expenditure is recorded for 2019/20 yet." in money
    # The largest unexplained variance first, linked to its analysis; leadership writes none.
    unexplained = section(html, "money")[section(html, "money").index('id="unexplained"'):]
    assert unexplained.index("Military contingents") < unexplained.index("Air operations")
    assert "/m/MINUSMA/2019-20/reports/variances?kind=budget" in unexplained
    assert "variance-explanations/new" not in unexplained

    mandate = section(html, "mandate")
    assert "First strategic priority" in mandate and "Second strategic priority" in mandate
    assert "444,000,000" in mandate and "81,300,000" in mandate
    good_offices = mandate[mandate.index("Good offices"):][:600]
    assert "no activity" in good_offices
    assert "Regression" in mandate[mandate.index("OP 21"):][:1500]  # its outcome's rating this round

    impact = section(html, "impact")
    row = impact[impact.index("Civilian deaths"):][:1200]
    assert "Off track" in row and "815" in row and "Deteriorating" in row
    ratings = impact[impact.index('id="outcome-ratings"'):]
    assert "Some progress" in ratings and "Regression" in ratings and "worse" in ratings
    assert f"/m/MINUSMA/2019-20/assessments/{ids['earlier']}" in ratings

    decisions = section(html, "decisions")
    assert "Made-up 2019/20 assessment" in decisions
    assert f"/m/MINUSMA/2019-20/assessments/{ids['current']}" in decisions
    assert "Plan an operation in Mopti" in decisions
    assert f"/records/recommendations/{ids['recommendation']}" in decisions
    assert re.search(r'id="kpi-decisions".*?<span class="kpi-value">2</span>', html, re.S)
    assert re.search(r'href="/m/MINUSMA/2019-20/results/" id="kpi-off-track"', html)
    assert 'href="/m/MINUSMA/2019-20/budget/" id="kpi-approved"' in html


def test_recommendations_awaiting_a_decision_are_the_open_ones_before_leadership(client, demo, db):
    ids = add_decisions(db)
    texts = add_recommendations_to_decide(db, ids["current"])
    login(client, "leader")
    html = client.get(PAGE).get_data(as_text=True)
    awaiting = section(html, "decisions")[section(html, "decisions").index('id="awaiting-decision"'):]
    awaiting = awaiting[:awaiting.index("</ul>")]
    # The soonest due first, then those without a due date; the overdue one is listed as overdue.
    assert awaiting.index("Deploy a mobile team") < awaiting.index("Review the early-warning network")
    assert f"/records/recommendations/{texts['Deploy a mobile team to Ségou (made up)']}" in awaiting
    assert f"/m/MINUSMA/2019-20/assessments/{ids['current']}" in awaiting  # its assessment
    assert "due 31 Jan 2099" in awaiting and "Force" in awaiting
    for elsewhere in ("Plan an operation in Mopti", "Already taken up", "Still a draft"):
        assert elsewhere not in awaiting
    # One assessment awaiting approval, one recommendation overdue, two awaiting a decision; an
    # indicator without fresh data, listed beside them, awaits data and is not counted.
    assert re.search(r'id="kpi-decisions".*?<span class="kpi-value">4</span>', html, re.S)


def test_an_indicator_without_fresh_data_is_listed_but_awaits_no_decision(client, demo):
    """The demo's one indicator (yearly civilian deaths, last value of 2018) has no fresh data,
    and nothing awaits leadership: the key figure says 0, not 1 with nothing to decide below."""
    login(client, "leader")
    html = client.get(PAGE).get_data(as_text=True)
    assert re.search(r'Indicators without fresh data <span class="badge text-bg-secondary">1</span>', html)
    assert re.search(r'id="kpi-decisions".*?<span class="kpi-value">0</span>', html, re.S)


def test_each_indicator_trend_is_drawn_against_its_target_path_with_a_table(client, demo):
    login(client, "leader")
    html = client.get(PAGE).get_data(as_text=True)
    impact = section(html, "impact")
    trend = impact[impact.index('id="indicator-trends"'):]
    assert 'data-band="off_track"' in trend and "▲ Off track" in trend
    figure = figure_of(html, "trend-1")
    edge, path, values = figure["data"]
    assert values["y"] == [71.0, 192.0, 815.0] and values["line"]["color"] == "#D55E00"
    assert path["x"][-1] == "2020-06-30" and path["y"][-1] == 50.0  # the target
    assert edge["y"][0] == 74.15  # 15 % of the way from 71 to 50 behind the path
    table = impact[impact.index('id="trend-table"'):]
    assert re.search(r"31 Dec 2018</td>\s*<td class=\"num\">815</td>\s*<td class=\"num\">58.99</td>", table)
    assert "/m/MINUSMA/2019-20/records/impact-indicators/1" in table


def test_without_incident_data_the_months_ahead_say_so(client, demo):
    login(client, "officer")
    ahead = section(client.get(PAGE).get_data(as_text=True), "impact")
    ahead = ahead[ahead.index('id="months-ahead"'):]
    assert "No incident data is recorded for this mission" in ahead
    assert 'href="/m/MINUSMA/2019-20/incidents/"' in ahead  # an officer may import some
    assert 'href="/m/MINUSMA/2019-20/reports/threat-calendar"' in ahead
    assert "months-ahead-chart" not in ahead


def test_the_months_ahead_lay_the_risk_by_region_beside_the_operations_planned(client, demo, db):
    add_incidents(db, 3000)
    login(client, "leader")
    html = client.get(PAGE).get_data(as_text=True)
    ahead = section(html, "impact")[section(html, "impact").index('id="months-ahead-heading"'):]
    # The period is over: its last six months, January to June 2020.
    assert "Jan 2020 – Jun 2020" in ahead and "The period is over" in ahead
    figure = figure_of(html, "months-ahead-chart")
    heat, operations, _legend = figure["data"]
    assert figure["layout"]["xaxis"]["ticktext"] == ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020", "May 2020",
                                                     "Jun 2020"]
    mopti = heat["y"].index("Mopti")
    assert heat["z"][mopti][0] > heat["z"][mopti][4]  # January is worse than May, as past years had it
    # Operation Folon I runs in Mopti and Ségou until January 2020: those months are covered.
    folon = {("Jan 2020", "Mopti"), ("Jan 2020", "Ségou")}
    assert set(zip(operations["customdata"], operations["y"], strict=True)) == folon
    assert not folon & set(outlined(figure))
    table = ahead[ahead.index('id="months-ahead-table"'):]
    row = table[table.index("Mopti</td>"):][:700]
    assert "Jan 2020" in row and "Operation Folon I" in row and "A-002 Human rights monitoring" in row
    assert str(len(outlined(figure))) in ahead[ahead.index('id="months-ahead-summary"'):][:120]
    assert 'href="/m/MINUSMA/2019-20/reports/threat-calendar"' in ahead
    assert "No incident data" not in ahead


def test_gaps_lead_to_the_prefilled_forms_that_close_them(client, demo, db):
    login(client, "officer")
    html = client.get(PAGE).get_data(as_text=True)
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 28 (c)"))
    link = re.search(r'href="([^"]*)">add an activity for this task', html).group(1).replace("&amp;", "&")
    assert link.startswith("/m/MINUSMA/2019-20/records/activities/new?tasks=")
    form = client.get(link).get_data(as_text=True)
    assert re.search(r'<option selected value="S/RES/2480 \(2019\) · OP 28 \(c\)">', form)
    explain = re.search(r'href="([^"]*)">Write the explanation', html).group(1).replace("&amp;", "&")
    assert explain.startswith("/m/MINUSMA/2019-20/records/variance-explanations/new?")
    form = client.get(explain).get_data(as_text=True)
    assert '<option selected value="Military contingents">' in form  # the largest unexplained variance
    assert '<option selected value="budget">' in form
    assert task.title in html


def test_each_role_lands_on_its_page_and_every_role_can_open_the_dashboard(app, demo):
    for user_login in ("admin", "officer", "reviewer", "leader"):
        client = app.test_client()
        login(client, user_login)
        landing = client.get("/").headers["Location"]
        assert landing == {"leader": PAGE, "reviewer": "/m/MINUSMA/2019-20/budget/",
                           "officer": "/m/MINUSMA/2019-20/my-work"}.get(user_login, "/m/MINUSMA/2019-20/")
        html = client.get(PAGE).get_data(as_text=True)
        assert "$11,320,900" in html
        assert f'href="{PAGE}"' in html  # the menu's Dashboard
        # Judged as of the period's end (no assessment yet), the yearly civilian deaths of 2018 are stale.
        assert "Civilian deaths from violence against civilians" in section(html, "decisions")
        chooser = client.get("/missions").get_data(as_text=True)
        assert (f'href="{PAGE}"' in chooser) is (user_login == "leader")


def test_the_dashboard_in_french(client, demo):
    login(client, "leader")
    html = client.get(PAGE + "?lang=fr").get_data(as_text=True)
    assert "Tableau de bord" in html
    assert "11\u202f320\u202f900\u00a0$" in html or "11 320 900" in html.replace("\u202f", " ").replace("\u00a0", " ")


def add_results(session, copies: int) -> None:
    """More outcomes, each with an indicator, its data and an assessment with a recommendation."""
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    level = session.scalar(select(RatingLevel).order_by(RatingLevel.position))
    for number in range(copies):
        outcome = Outcome(mission_id=mission.id, code=f"X{number}", title=f"Made-up outcome {number}")
        indicator = ImpactIndicator(code=f"X{number}.1", name=f"Made-up indicator {number}", unit="cases",
                                    direction=Direction.HIGHER_IS_BETTER, baseline_value=Decimal(1),
                                    baseline_on=date(2018, 1, 1), frequency="Quarterly")
        for month in (1, 4, 7, 10):
            indicator.data_points.append(DataPoint(observed_on=date(2019, month, 1), value=Decimal(month)))
        outcome.indicators.append(indicator)
        session.add(outcome)
        session.flush()
        assessment = ImpactAssessment(mission_id=mission.id, outcome_id=outcome.id, title=f"Made-up {number}",
                                      covers_from=date(2019, 7, 1), covers_to=date(2019, 12, 31),
                                      rating_level_id=level.id, status=AssessmentStatus.SUBMITTED)
        assessment.recommendations.append(Recommendation(text="Made up", due_on=date(2019, 9, 1)))
        session.add(assessment)
    session.commit()


@pytest.mark.parametrize("copies", [25])
def test_the_dashboard_query_count_does_not_grow_with_the_data(app, client, demo, db, count_queries, copies):
    ids = add_decisions(db)
    add_recommendations_to_decide(db, ids["current"])
    add_incidents(db, 200)
    login(client, "leader")
    with count_queries() as small:
        html = client.get(PAGE).get_data(as_text=True)
    assert html.count('class="col-12 col-sm-6 indicator-trend"') == 1 and "months-ahead-chart" in html
    with app.app_context():
        add_bulk_data(get_session(), copies=copies)
        add_results(get_session(), copies=copies)
        add_incidents(get_session(), 3000, batch="MORE")
        first_made_up = get_session().scalar(select(ImpactAssessment.id).where(ImpactAssessment.title == "Made-up 0"))
        add_recommendations_to_decide(get_session(), first_made_up)
    with count_queries() as large:
        html = client.get(PAGE).get_data(as_text=True)
    assert "Made-up indicator" in html
    # Six indicators charted, each from its last values; more recommendations awaiting a decision.
    assert html.count('class="col-12 col-sm-6 indicator-trend"') == 6
    assert "Made-up indicator 0" in section(html, "impact")
    assert section(html, "decisions").count("Deploy a mobile team") == 2
    assert large.count == small.count
    assert small.count <= 45


def test_an_indicators_frequency_is_read_in_the_readers_language(client, demo):
    """The demo's indicator is measured "yearly" (free text, a word the app knows): "annuel" in
    French, on the dashboard, the CPAS results and the assessment report alike; text the app does not
    know stays as typed, in lower case."""
    login(client, "leader")
    dashboard = client.get(PAGE + "?lang=fr").get_data(as_text=True)
    stale = dashboard[dashboard.index('id="stale"'):][:1500]
    assert "· annuel" in stale and "yearly" not in stale.lower()
    results = client.get("/m/MINUSMA/2019-20/results/?lang=fr").get_data(as_text=True)
    assert "· annuel" in results and "Yearly" not in results
    with client.application.test_request_context():
        assert frequency_label("Every two years") == "every two years"
        assert frequency_label(" Quarterly ") == "quarterly"
    # The words known are those whose freshness the app can judge, and only those.
    assert set(FREQUENCY_LABELS) == set(FREQUENCY_DAYS)
    assessment = client.get("/m/MINUSMA/2019-20/reports/assessment?lang=fr").get_data(as_text=True)
    assert "« annuel »" in assessment and "yearly" not in assessment.lower()


def test_without_incidents_the_months_ahead_tell_each_role_what_it_can_do(client, demo):
    """An officer is asked to import an ACLED file, with the way to its page; leadership is told who
    imports it (it cannot), with no link to an upload it is not offered."""
    login(client, "officer")
    officer = section(client.get(PAGE).get_data(as_text=True), "months-ahead")
    assert "import an ACLED file" in officer and "/m/MINUSMA/2019-20/incidents/" in officer
    client.post("/logout")
    login(client, "leader")
    leader = section(client.get(PAGE).get_data(as_text=True), "months-ahead")
    assert "once the planning officers import it" in leader
    assert "import an ACLED file" not in leader and "/incidents/" not in leader
