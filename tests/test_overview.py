"""The mission overview: its impact indicators counted by status as the assessment round judges
them, in one plotly chart of the outcomes that most need attention (no chart per indicator, none
drawn by hand) with its table view, the first indicators off track, every record named linked to
its page and the counts to their lists, and a fixed number of queries whatever the data size."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.missions.overview import OUTCOMES_CHARTED
from cpas.models import DataPoint, ImpactIndicator, Outcome
from tests.conftest import login
from tests.test_query_counts import add_outcomes

BASE = "/m/MINUSMA/2019-20"
DEATHS = "Civilian deaths from violence against civilians"


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def overview(client, query="") -> str:
    response = client.get(f"{BASE}/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figures(html: str) -> dict[str, dict]:
    return {element_id: json.loads(text) for element_id, text in
            re.findall(r'<script type="application/json" data-plotly-figure="([^"]+)">(.*?)</script>', html, re.S)}


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def status_cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-band="([a-z_]+)">\s*<span class="kpi-label">[^<]*</span>\s*'
                           r'<span class="kpi-value">([^<]+)</span>', html))


def table_row(html: str, outcome: str) -> dict[str, str]:
    row = re.search(rf'<tr[^>]*data-outcome="{outcome}">(.*?)</tr>', html, re.S).group(1)
    return dict(re.findall(r'<td class="num" data-band="([a-z_]+)">([^<]+)</td>', row))


def indicator_id(db, name=DEATHS) -> int:
    return db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.name == name))


def test_the_overview_charts_the_indicators_by_status_in_one_plotly_chart(officer, db):
    html = overview(officer)
    assert "<svg" not in html  # no chart drawn by hand
    assert 'src="/assets/plotly-' in html and "js/charts.js" in html
    assert list(figures(html)) == ["indicator-status-chart"]  # one chart, not one per indicator
    traces = figures(html)["indicator-status-chart"]["data"]
    # The demo's only indicator, civilian deaths, rose to 815 against a target of 50: off track.
    assert [(trace["name"], trace["x"], trace["text"]) for trace in traces] == [("Off track", [1], ["1"])]
    assert traces[0]["y"][0].startswith("O1 · ") and traces[0]["orientation"] == "h"
    assert traces[0]["marker"]["color"] == "#D55E00"  # Okabe–Ito vermillion
    assert status_cards(html) == {"off_track": "1", "on_track": "0", "no_target": "0", "no_data": "0", "stale": "1"}


def test_the_chart_has_its_counts_as_a_table_and_the_off_track_list_gives_the_figures(officer, db):
    html = overview(officer)
    table = html.split('id="indicator-status-table"')[1].split("</details>")[0]
    assert "Counts as a table" in table
    outcome_id = db.scalar(select(Outcome.id).where(Outcome.code == "O1"))
    assert table_row(table, str(outcome_id)) == {"off_track": "1", "on_track": "0", "no_target": "0", "no_data": "0",
                                                 "stale": "1"}
    assert table_row(table, "all")["off_track"] == "1"
    listed = section(html, "off-track")
    assert f'<a href="{BASE}/records/impact-indicators/{indicator_id(db)}">{DEATHS}</a>' in listed
    assert "O1 · O1.1 · latest 815 deaths (31 Dec 2018), target 50 deaths (30 Jun 2020)" in listed


def test_the_statuses_are_the_rounds_and_follow_the_data(officer, app, db):
    identifier = indicator_id(db)
    # Deaths fall to 40 by the end of the period: below the target of 50, on track.
    db.add(DataPoint(indicator_id=identifier, observed_on=date(2020, 3, 31), region="", value=Decimal(40)))
    db.commit()
    add_outcomes(db, 3, points_per_indicator=2)
    html = overview(officer)
    # X000 off track, X001 and X002 on track, each with an indicator without a target; deaths on track.
    assert status_cards(html) == {"off_track": "1", "on_track": "3", "no_target": "3", "no_data": "0", "stale": "0"}
    dashboard = officer.get(f"{BASE}/dashboard").get_data(as_text=True)
    assert re.search(r'id="kpi-off-track">.*?<span class="kpi-value">1</span>', dashboard, re.S)
    traces = {trace["name"]: trace for trace in figures(html)["indicator-status-chart"]["data"]}
    assert traces["Off track"]["y"][0].startswith("X000 · ")  # the outcome most off track comes first
    assert "No impact indicator is off track." not in html
    assert "Made-up judged indicator 0" in section(html, "off-track")


def test_the_chart_is_bounded_and_the_table_counts_every_outcome(officer, db):
    add_outcomes(db, OUTCOMES_CHARTED + 8, points_per_indicator=1)
    html = overview(officer)
    traces = figures(html)["indicator-status-chart"]["data"]
    assert {len(trace["y"]) for trace in traces} == {OUTCOMES_CHARTED}
    table = html.split('id="indicator-status-table"')[1].split("</details>")[0]
    assert table.count("data-outcome=") == OUTCOMES_CHARTED + 1  # the charted outcomes and the total
    assert f"The {OUTCOMES_CHARTED} of {OUTCOMES_CHARTED + 9} outcomes with the most indicators off track" in html
    # 21 outcomes: O1 and 20 made up, each with two indicators; 7 off track and O1's deaths.
    assert table_row(table, "all") == {"off_track": "8", "on_track": "13", "no_target": "20", "no_data": "0",
                                       "stale": "1"}
    assert "41 impact indicators in all." in html


def test_every_record_named_on_the_overview_links_to_its_page_and_the_counts_to_their_lists(officer, db):
    html = overview(officer)
    assert re.search(rf'<a href="{BASE}/records/outcomes/\d+">O1 · ', html)
    assert f'<a href="{BASE}/records/impact-indicators/{indicator_id(db)}">{DEATHS}</a>' in html
    assert f'href="{BASE}/results/"' in html and f'href="{BASE}/dashboard#impact"' in html
    for spec_name in ("mandated-tasks", "components", "activities", "impact-indicators"):
        assert f'href="{BASE}/records/{spec_name}/" data-count="{spec_name}"' in html


def test_the_overview_in_french_formats_the_chart_for_french(officer, db):
    html = overview(officer, "?lang=fr")
    figure = figures(html)["indicator-status-chart"]
    assert figure["layout"]["separators"].startswith(",")
    assert figure["data"][0]["name"] == "Hors trajectoire"


@pytest.mark.parametrize(("outcomes", "points"), [(300, 10), (30, 1000)])
def test_the_overview_makes_the_same_queries_whatever_the_data_points(officer, db, count_queries, outcomes, points):
    """With 10 values per indicator for 600 indicators (more than one batch of any IN list) or
    1,000 values per indicator, the overview makes as many queries as on the demo alone."""
    with count_queries() as demo_alone:
        overview(officer)
    add_outcomes(db, outcomes, points_per_indicator=points)
    with count_queries() as large:
        html = overview(officer)
    assert large.count == demo_alone.count <= 16
    assert f"{2 * outcomes + 1:,} impact indicators in all." in html
