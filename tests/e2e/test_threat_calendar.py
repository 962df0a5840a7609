"""A planner opens the threat calendar in Chromium: both heat maps are drawn by plotly.js served by
the app itself (the page fixture refuses any request that leaves the machine), the missed
high-risk months are listed, and the measure switches to fatalities. Made-up incidents only."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import Activity, BudgetPeriod, Mission, Pillar
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in
from tests.incident_data import add_made_up_incidents

pytestmark = pytest.mark.e2e


def test_a_planner_sees_the_threat_calendar_drawn_offline(page, demo, db, database_url):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    earlier = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    add_made_up_incidents(db, mission.id, 6000, last=date(2020, 6, 30))
    # A made-up operation of 2018/19 that starts after the November peak.
    db.add(Activity(mission_id=mission.id, period_id=earlier.id, ref="A-101", pillar=Pillar.JOINT,
                    title="Integrated protection operation in Mopti (made up)", region="Mopti",
                    starts_on=date(2018, 12, 1), ends_on=date(2019, 2, 28), operation_name="Operation Folon 0"))
    db.commit()

    log_in(page, "officer")
    page.get_by_text("Reports").click()
    page.locator(".dropdown-menu").get_by_role("link", name="Threat calendar", exact=True).click()
    expect(page.get_by_role("heading", name="Threat calendar, MINUSMA")).to_be_visible()
    expect(page.locator(".plotly-chart.is-drawn")).to_have_count(2)
    expect(page.locator("#calendar-chart .main-svg").first).to_be_visible()
    expect(page.locator("#calendar-chart")).to_contain_text("Named operation running")
    expect(page.locator("#uncovered")).to_contain_text("Mopti")
    ARTIFACTS.mkdir(exist_ok=True)
    kind = database_url.split(":")[0].split("+")[0]
    page.screenshot(path=str(ARTIFACTS / f"threat-calendar-{kind}.png"), full_page=True)

    page.get_by_role("link", name="Fatalities", exact=True).click()
    expect(page.get_by_role("heading", name="Fatalities month by month")).to_be_visible()
    expect(page.locator(".plotly-chart.is-drawn")).to_have_count(2)
