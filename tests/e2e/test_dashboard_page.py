"""Leadership opens its dashboard in Chromium, in English and in French, at 1440 px and on a phone
(390 px): the waterfall, the impact indicators' trends and the threat calendar's months ahead are
drawn by plotly.js served by the app itself (the page fixture refuses any request that leaves the
machine and any script the Content-Security-Policy blocks). Made-up incidents only."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import Mission
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in
from tests.incident_data import add_made_up_incidents

pytestmark = pytest.mark.e2e


def no_wider_than_the_phone(page) -> None:
    """Nothing wider than the phone's screen but what scrolls inside its own table."""
    wide = page.evaluate("""[...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > 391 && !e.closest(".table-responsive"))
        .map(e => `${e.tagName}.${e.getAttribute("class")}: ${Math.round(e.getBoundingClientRect().right)} px`)""")
    assert wide == [], "\n".join(wide)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_leader_lands_on_the_dashboard_drawn_offline(page, demo, db, database_kind):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    add_made_up_incidents(db, mission.id, 3000, last=date(2019, 12, 31))
    db.commit()

    log_in(page, "leader")  # lands on the dashboard
    expect(page.locator("#kpi-below-proposal")).to_contain_text("$11,320,900")
    expect(page.locator("#kpi-below-recommendation")).to_contain_text("$7,600,000")
    expect(page.locator("#waterfall-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#waterfall-chart")).to_contain_text("−$7,600,000 (−0.66%)")
    expect(page.locator("#indicators tr[data-band=off_track]")).to_contain_text("Civilian deaths")
    off_track_trend = page.locator("#indicator-trends .indicator-trend[data-band=off_track]")
    expect(off_track_trend.locator(".plotly-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#months-ahead-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#months-ahead-chart")).to_contain_text("Jan 2020")
    expect(page.locator("#months-ahead-chart")).to_contain_text("Named operation planned")
    page.get_by_text("The figures as a table").click()
    expect(page.locator("#money-table")).to_contain_text("1,138,457,900")
    page.get_by_text("The trends as a table").click()
    expect(page.locator("#trend-table")).to_contain_text("58.99")
    ARTIFACTS.mkdir(exist_ok=True)
    if database_kind == "sqlite":
        page.screenshot(path=str(ARTIFACTS / "dashboard-en.png"), full_page=True)

    page.goto(page.url + "?lang=fr")
    expect(page.get_by_role("heading", name="Tableau de bord de MINUSMA, 2019/20")).to_be_visible()
    expect(page.locator("#waterfall-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#kpi-below-proposal")).to_contain_text("11\u202f320\u202f900")
    expect(page.locator("#months-ahead-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#months-ahead-chart")).to_contain_text("janv. 2020")
    if database_kind == "sqlite":
        page.screenshot(path=str(ARTIFACTS / "dashboard-fr.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#waterfall-chart.is-drawn")).to_have_count(1)
    expect(page.locator("#months-ahead-chart.is-drawn")).to_have_count(1)
    if database_kind == "sqlite":
        page.screenshot(path=str(ARTIFACTS / "dashboard-fr-phone.png"), full_page=True)
    no_wider_than_the_phone(page)

    page.goto(page.url.replace("lang=fr", "lang=en"))
    expect(page.locator("#indicator-trends .plotly-chart.is-drawn")).to_have_count(1)
    if database_kind == "sqlite":
        page.screenshot(path=str(ARTIFACTS / "dashboard-en-phone.png"), full_page=True)
    no_wider_than_the_phone(page)
