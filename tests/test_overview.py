"""The mission overview: its impact indicators charted by plotly from their last values (no chart
drawn by hand), each chart with its table view, every record named linked to its page and the
counts to their lists."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.models import DataPoint, ImpactIndicator
from tests.conftest import login

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


def indicator_id(db, name=DEATHS) -> int:
    return db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.name == name))


def test_the_overview_charts_each_indicator_with_plotly_and_no_chart_drawn_by_hand(officer, db):
    html = overview(officer)
    assert "<svg" not in html  # the hand-drawn column chart is gone
    assert 'src="/assets/plotly-' in html and "js/charts.js" in html
    figure = figures(html)[f"indicator-chart-{indicator_id(db)}"]
    trace = figure["data"][0]
    assert trace["type"] == "bar"
    assert trace["x"] == ["2016", "2017", "2018"]
    assert [Decimal(value) for value in trace["y"]] == [71, 192, 815]
    assert trace["text"] == ["71", "192", "815"]
    assert trace["marker"]["color"] == ["#56B4E9", "#56B4E9", "#0072B2"]  # Okabe–Ito: the latest in blue
    assert f'aria-label="Last values of {DEATHS}"' in html


def test_each_chart_has_its_values_as_a_table(officer, db):
    html = overview(officer)
    block = html.split(f'data-indicator="{indicator_id(db)}"')[1].split('class="col-md-6')[0]
    table = block.split("<details")[1].split("</details>")[0]
    assert "Values as a table" in table
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    assert cells == ["71", "192", "815"]
    assert "Dec 31, 2018" in table or "2018" in table


def test_the_overview_charts_only_the_last_six_values(officer, app, db):
    identifier = indicator_id(db)
    with app.app_context():
        for year in range(2010, 2016):
            db.add(DataPoint(indicator_id=identifier, observed_on=date(year, 12, 31), region="",
                             value=Decimal(year - 2000)))
        db.commit()
    trace = figures(overview(officer))[f"indicator-chart-{identifier}"]["data"][0]
    assert trace["x"] == ["2013", "2014", "2015", "2016", "2017", "2018"]


def test_every_record_named_on_the_overview_links_to_its_page_and_the_counts_to_their_lists(officer, db):
    html = overview(officer)
    identifier = indicator_id(db)
    assert f'<a href="{BASE}/records/impact-indicators/{identifier}">{DEATHS}</a>' in html
    assert re.search(rf'<a href="{BASE}/records/outcomes/\d+">O1 · ', html)
    for spec_name in ("mandated-tasks", "components", "activities", "impact-indicators"):
        assert f'href="{BASE}/records/{spec_name}/" data-count="{spec_name}"' in html


def test_the_overview_in_french_formats_the_chart_for_french(officer, db):
    html = overview(officer, "?lang=fr")
    figure = figures(html)[f"indicator-chart-{indicator_id(db)}"]
    assert figure["layout"]["separators"].startswith(",")
    assert "Valeurs sous forme de tableau" in html
