"""A planning officer lands on what awaits it (My work): its draft assessments, the assessments
returned for revision, the variances that need an explanation and the indicators without fresh
data, each with the form or page that closes it, in a fixed number of queries."""

import re

import pytest

from cpas.db import get_session
from cpas.models import ImpactAssessment
from tests.conftest import login
from tests.helpers import add_empty_mission
from tests.test_dashboard import add_results
from tests.test_query_counts import add_bulk_data

BASE = "/m/MINUSMA/2019-20"
PAGE = f"{BASE}/my-work"
DRAFT = {"outcome": "O1", "title": "Protection of civilians in Central Mali, 2019", "covers_from": "2019-01-01",
         "covers_to": "2019-12-31", "rating": "Regression", "analysis": "Deaths rose fourfold in 2018."}


def signed_in(app, user_login):
    client = app.test_client()
    login(client, user_login)
    return client


@pytest.fixture
def officer(app, demo):
    return signed_in(app, "officer")


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def drafted(client, **changes) -> int:
    created = client.post(f"{BASE}/records/impact-assessments/new", data={**DRAFT, **changes})
    assert created.status_code == 302
    return int(created.location.rstrip("/").split("/")[-1])


def link(html: str, text: str) -> str:
    return re.search(rf'href="([^"]*)">{re.escape(text)}', html).group(1).replace("&amp;", "&")


def test_the_officer_lands_on_my_work_and_the_menu_leads_there(officer):
    assert officer.get("/").headers["Location"] == PAGE
    html = officer.get(PAGE).get_data(as_text=True)
    assert "My work, MINUSMA 2019/20" in html
    assert f'href="{PAGE}"' in html and "Awaiting me" not in html  # the menu's My work


def test_my_work_lists_the_demo_variances_with_the_prefilled_explanation_form(officer):
    html = section(officer.get(PAGE).get_data(as_text=True), "unexplained")
    assert "Military contingents" in html
    form = officer.get(link(html, "Write the explanation")).get_data(as_text=True)
    assert '<option selected value="Military contingents">' in form  # the largest unexplained variance first
    assert '<option selected value="budget">' in form


def test_my_work_lists_the_indicators_without_fresh_data_with_their_values_grid(officer):
    html = section(officer.get(PAGE).get_data(as_text=True), "stale")
    assert "Civilian deaths from violence against civilians" in html
    assert "last value 31 Dec 2018" in html
    grid = link(html, "Enter its values")
    assert re.fullmatch(rf"{BASE}/grids/impact-indicators/\d+", grid)
    assert "Civilian deaths from violence against civilians" in officer.get(grid).get_data(as_text=True)


def test_my_drafts_are_those_i_created_or_changed_last(app, officer, db):
    empty = section(officer.get(PAGE).get_data(as_text=True), "drafts")
    assert "You have no draft assessment." in empty
    mine = drafted(officer)
    admin = signed_in(app, "admin")
    theirs = drafted(admin, title="Drafted by the administrator", covers_from="2019-07-01")
    html = section(officer.get(PAGE).get_data(as_text=True), "drafts")
    assert f'href="{BASE}/records/impact-assessments/{mine}">O1 · Protection of civilians' in html
    assert "Drafted by the administrator" not in html
    assert f'href="{BASE}/records/impact-assessments/{mine}/edit">Continue the draft' in html
    assert f'href="{BASE}/assessments/{mine}">Submit it for approval' in html
    # Changed last by the officer, the administrator's draft is the officer's too.
    edit = officer.get(f"{BASE}/records/impact-assessments/{theirs}/edit").get_data(as_text=True)
    version = re.search(r'name="version" [^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', edit)
    officer.post(f"{BASE}/records/impact-assessments/{theirs}/edit",
                 data={**DRAFT, "title": "Drafted by the administrator", "covers_from": "2019-07-01",
                       "analysis": "Revised by the officer.", "version": next(filter(None, version.groups()))})
    db.expire_all()
    assert db.get(ImpactAssessment, theirs).analysis == "Revised by the officer."
    assert "Drafted by the administrator" in section(officer.get(PAGE).get_data(as_text=True), "drafts")
    # Submitted, a draft is no longer the officer's work.
    officer.post(f"{BASE}/assessments/{mine}/submit")
    assert f"impact-assessments/{mine}" not in section(officer.get(PAGE).get_data(as_text=True), "drafts")


def test_returned_assessments_show_leadership_comment_and_lead_to_the_revision(app, officer):
    assert "No assessment is returned for revision." in section(officer.get(PAGE).get_data(as_text=True),
                                                                 "returned")
    assessment_id = drafted(officer)
    officer.post(f"{BASE}/assessments/{assessment_id}/submit")
    signed_in(app, "leader").post(f"{BASE}/assessments/{assessment_id}/return",
                                  data={"comment": "Separate Mopti from Ségou."})
    html = section(officer.get(PAGE).get_data(as_text=True), "returned")
    assert "Protection of civilians in Central Mali, 2019" in html
    assert "Separate Mopti from Ségou." in html
    assert f'href="{BASE}/records/impact-assessments/{assessment_id}/edit">Revise it' in html
    assert f'href="{BASE}/assessments/{assessment_id}">Submit it again' in html


def test_a_reader_sees_the_work_but_no_form_to_close_it(app, demo):
    reviewer = signed_in(app, "reviewer")
    leader = signed_in(app, "leader")
    html = leader.get(PAGE).get_data(as_text=True)
    assert "Military contingents" in html
    assert "Write the explanation" not in html and "Enter its values" not in html and "/edit" not in html
    assert "Write the explanation" in reviewer.get(PAGE).get_data(as_text=True)  # reviewers write explanations


def test_a_mission_with_nothing_to_do_says_so(app, officer):
    add_empty_mission(app, "officer")
    html = officer.get("/m/NEWMISSION/2025-26/my-work").get_data(as_text=True)
    assert "Nothing awaits you in NEWMISSION 2025/26" in html
    assert "Every variance that needs an explanation has one." in html
    assert "Every indicator has fresh data." in html


def test_my_work_makes_a_fixed_number_of_queries_whatever_the_data_size(app, officer, db, count_queries):
    drafted(officer)
    with count_queries() as small:
        assert officer.get(PAGE).status_code == 200
    with app.app_context():
        add_bulk_data(get_session(), copies=20)
        add_results(get_session(), copies=20)
        for number in range(20):
            drafted(officer, title=f"Made-up draft {number}", covers_from=f"2018-01-{number + 1:02d}")
    with count_queries() as large:
        html = officer.get(PAGE).get_data(as_text=True)
    assert "Made-up draft 19" in html
    assert large.count == small.count
    assert small.count <= 45


def test_my_work_in_french(officer):
    html = officer.get(PAGE + "?lang=fr").get_data(as_text=True)
    assert "Mon travail" in html
