"""The read-only pages show what the model holds, with clear empty states."""

import re
from datetime import date

import pytest

from cpas.db import get_session
from cpas.models import Mission
from tests.conftest import login
from tests.helpers import add_empty_mission

BASE = "/m/MINUSMA/2019-20"


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.get_data(as_text=True)


def test_mandate_page_lists_resolution_2480_and_its_priorities(officer):
    page = text_of(officer, f"{BASE}/mandate/")
    assert "S/RES/2480 (2019)" in page
    assert "First strategic priority" in page and "Second strategic priority" in page
    assert "re-establish State authority, State presence" in page


def test_rbb_page_shows_indicator_values_by_period_and_posts(officer):
    page = text_of(officer, f"{BASE}/reports/rbb")
    assert "2.1.1 Integrated protection operations" in page
    assert "Actual (2017/18)" in page and "Estimate (2018/19)" in page and "Target (2019/20)" in page
    assert ">4<" in page and ">6<" in page and ">8<" in page
    assert "P-5–P-4" in page  # human resources: 4 approved, 5 proposed
    performance = text_of(officer, f"{BASE}/reports/rbb?kind=performance")
    assert "Planned (2019/20)" in performance and "Actual (2019/20)" in performance


def test_activities_page_shows_the_integrated_operation(officer):
    page = text_of(officer, f"{BASE}/records/activities/")
    assert "Operation Folon I" in page
    assert "Mopti, Ségou" in page
    assert "3 records" in page


def test_results_page_shows_the_civilian_deaths_series(officer):
    page = text_of(officer, f"{BASE}/results/")
    assert "Civilian deaths from violence against civilians" in page
    # The latest value (2018) and the baseline (71, 2016); the older values are on the indicator's grid.
    assert "<strong>815</strong>" in page and ">71<" in page and ">192<" not in page
    assert "Lower is better" in page
    assert re.search(r'href="/m/MINUSMA/2019-20/grids/impact-indicators/\d+">Every value, by region and date</a>', page)


def test_results_page_judges_the_civilian_deaths_from_the_data(officer):
    page = text_of(officer, f"{BASE}/results/")
    assert "Progress as of 30 Jun 2020" in page
    assert "Off track" in page and "Deteriorating" in page and ">Regression<" in page
    assert "-3,542.9 % of the way from the baseline to the target" in page  # (815 − 71) / (50 − 71)
    assert "Since the baseline: +744, where the target asks for −21." in page
    assert "Data not fresh for a yearly indicator" in page  # December 2018 in June 2020
    assert "Illustrative" in page  # the demo's target says what it is
    french = text_of(officer, f"{BASE}/results/?lang=fr")
    assert "Hors trajectoire" in french and "En dégradation" in french


def test_a_mission_without_data_shows_empty_states(app, officer):
    add_empty_mission(app, "officer")
    assert "No budget lines are recorded" in text_of(officer, "/m/NEWMISSION/2025-26/budget/")
    assert "No activities recorded yet." in text_of(officer, "/m/NEWMISSION/2025-26/records/activities/")
    assert "No RBB framework" in text_of(officer, "/m/NEWMISSION/2025-26/reports/rbb")
    assert "No intended outcome" in text_of(officer, "/m/NEWMISSION/2025-26/results/")
    assert "No resolution in force" in text_of(officer, "/m/NEWMISSION/2025-26/mandate/")


def test_unknown_mission_or_period_is_not_found(officer):
    assert officer.get("/m/NOPE/2019-20/").status_code == 404
    assert officer.get("/m/MINUSMA/1999-00/budget/").status_code == 404


def test_french_pages_are_in_french_with_french_number_format(officer):
    page = text_of(officer, f"{BASE}/budget/?lang=fr")
    assert "Le budget approuvé" in page
    assert "1\u202f138\u202f457\u202f900" in page
    # the choice sticks for the next pages
    assert "Mandat" in text_of(officer, f"{BASE}/mandate/")


def test_the_old_activities_address_leads_to_the_one_list_of_activities(officer):
    response = officer.get(f"{BASE}/activities/")
    assert response.status_code == 301 and response.location.endswith(f"{BASE}/records/activities/")


def test_results_page_warns_where_additive_regions_do_not_add_up_and_pages_its_outcomes(app, officer):
    from decimal import Decimal

    from sqlalchemy import select

    from cpas.models import DataPoint, Direction, ImpactIndicator, Outcome, RegionalAggregation

    with app.app_context():
        session = get_session()
        mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
        indicator = ImpactIndicator(code="O1.7", name="Made-up displaced households", unit="households",
                                    direction=Direction.LOWER_IS_BETTER, regional_aggregation=RegionalAggregation.SUM)
        outcome = session.scalar(select(Outcome).where(Outcome.code == "O1"))
        outcome.indicators.append(indicator)
        for region, value in (("", 900), ("Mopti", 500), ("Ségou", 300)):  # 800 in the regions, not 900
            indicator.data_points.append(DataPoint(observed_on=date(2019, 12, 31), region=region, value=Decimal(value)))
        for number in range(12):  # two pages of outcomes
            session.add(Outcome(mission_id=mission.id, code=f"Z{number:02d}", title=f"Made-up outcome {number}"))
        session.commit()
    first = text_of(officer, f"{BASE}/results/")
    assert "On 31 Dec 2019 the regions add up to 800, not to the whole-mission value 900." in first
    assert "Made-up outcome 8" in first and "Made-up outcome 9" not in first
    second = text_of(officer, f"{BASE}/results/?page=2")
    assert "Made-up outcome 9" in second and "Made-up outcome 11" in second
    assert "Made-up outcome 9" in text_of(officer, f"{BASE}/results/?page=999")  # the last page


def test_the_language_switch_keeps_the_pages_other_arguments(officer):
    page = text_of(officer, f"{BASE}/reports/variances?kind=performance&unit=dollars")
    assert f'href="{BASE}/reports/variances?kind=performance&amp;unit=dollars&amp;lang=fr"' in page


def test_the_language_asked_of_a_page_that_only_redirects_is_kept(client, demo):
    """``/?lang=fr`` redirects to the user's landing page: it translates nothing itself, and the
    choice must still hold on the page it leads to."""
    login(client, "leader")
    landing = client.get("/?lang=fr", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="fr">' in landing and "Tableau de bord" in landing
