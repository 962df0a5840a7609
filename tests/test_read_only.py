"""Issue 9, items 14 and 16 (part): a page its user cannot write renders as read-only and says
why; a closed period shows a banner and no write controls; a crafted write is refused and changes
nothing; an upload with no file chosen says so."""

import re
from io import BytesIO

import pytest
from sqlalchemy import select

from cpas.models import ImpactIndicator
from tests.conftest import login
from tests.helpers import database_state
from tests.test_grids import grid_form, line_of, shown_of

BASE = "/m/MINUSMA/2019-20"
WHY = "You can read these figures; planning officers enter them."
CLOSED = "Budget period 2019/20 is closed for MINUSMA"


def editable_controls(page: str) -> list[str]:
    """The inputs a user could type into (hidden inputs carry the page's state, not figures)."""
    inputs = [tag for tag in re.findall(r"<input\b[^>]*>", page) if 'type="hidden"' not in tag]
    return inputs + re.findall(r"<(?:select|textarea)\b[^>]*>", page)


def close_period(client):
    login(client, "admin")
    assert client.post(f"{BASE}/period/close", data={"reason": "Accounts closed"}).status_code == 302
    client.post("/logout")


def indicator_url(db) -> str:
    return f"{BASE}/grids/impact-indicators/{db.scalar(select(ImpactIndicator.id))}"


@pytest.mark.parametrize("role", ["leader", "reviewer"])
def test_readers_see_the_budget_grid_as_figures_and_why(client, demo, db, role):
    login(client, role)
    line = line_of(db)
    page = client.get(f"{BASE}/grids/budget-lines/{line.id}").get_data(as_text=True)
    assert editable_controls(page) == []
    assert "Save all amounts" not in page and "Reason for the change" not in page
    assert WHY in page
    approved = next(a.amount for a in line.amounts if a.stage.value == "approved")
    assert f"{approved:,.2f}" in page  # the figure is there, as text


@pytest.mark.parametrize("role", ["leader", "reviewer"])
def test_readers_see_the_indicator_grid_as_figures_and_why(client, demo, db, role):
    login(client, role)
    page = client.get(indicator_url(db)).get_data(as_text=True)
    assert editable_controls(page) == []
    assert "Save all values" not in page and "New date" not in page
    assert WHY in page and ">815<" in page


def test_an_officer_sees_the_grids_editable_and_no_why_line(client, demo, db):
    login(client, "officer")
    page = client.get(f"{BASE}/grids/budget-lines/{line_of(db).id}").get_data(as_text=True)
    assert "Save all amounts" in page and WHY not in page and editable_controls(page)
    values = client.get(indicator_url(db)).get_data(as_text=True)
    assert "Save all values" in values and WHY not in values


def test_crafted_grid_saves_by_readers_are_refused(client, demo, db):
    login(client, "leader")
    line = line_of(db)
    url = f"{BASE}/grids/budget-lines/{line.id}"
    form = grid_form(line, client, revised="1")
    before = database_state(db)
    assert client.post(url, data=form).status_code == 403
    client.post("/logout")
    login(client, "reviewer")
    values = {**shown_of(client, indicator_url(db)), "new_date": "2019-12-31", "cell-0-3": "1000"}
    assert client.post(indicator_url(db), data=values).status_code == 403
    assert database_state(db) == before


def test_a_closed_period_grid_shows_the_banner_and_refuses_a_crafted_save(client, demo, db):
    close_period(client)
    login(client, "officer")
    line = line_of(db)
    url = f"{BASE}/grids/budget-lines/{line.id}"
    page = client.get(url).get_data(as_text=True)
    assert CLOSED in page and 'id="period-closed"' in page
    assert editable_controls(page) == [] and "Save all amounts" not in page
    assert WHY not in page  # the officer may enter figures: the period, not the role, is why
    form = grid_form(line, client, revised="1")
    before = database_state(db)
    refused = client.post(url, data=form)
    assert refused.status_code == 403 and "Correct the marked cells" not in refused.get_data(as_text=True)
    assert database_state(db) == before
    client.post("/logout")
    login(client, "admin")
    assert "Save all amounts" in client.get(url).get_data(as_text=True)


def test_a_closed_period_offers_no_record_forms(client, demo, db):
    close_period(client)
    login(client, "officer")
    line = line_of(db)
    for url, back in ((f"{BASE}/records/budget-lines/new", f"{BASE}/records/budget-lines/"),
                      (f"{BASE}/records/budget-lines/{line.id}/edit", f"{BASE}/records/budget-lines/{line.id}"),
                      (f"{BASE}/records/budget-lines/{line.id}/delete", f"{BASE}/records/budget-lines/{line.id}")):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith(back)
        assert CLOSED in client.get(back).get_data(as_text=True)
    detail = client.get(f"{BASE}/records/budget-lines/{line.id}").get_data(as_text=True)
    assert ">Edit<" not in detail and ">Delete<" not in detail and "Amounts at every stage" not in detail
    before = database_state(db)
    refused = client.post(f"{BASE}/records/budget-lines/{line.id}/delete", data={"reason": "x"})
    assert database_state(db) == before
    assert refused.status_code in (302, 403)


def upload_workbook(client, data=b"not a workbook"):
    return client.post(f"{BASE}/workbook/upload", data={"workbook": (BytesIO(data), "minusma.xlsx")},
                       content_type="multipart/form-data")


@pytest.mark.parametrize("role", ["leader", "reviewer"])
def test_the_workbook_page_does_not_invite_a_reader_to_upload(client, demo, db, role):
    login(client, role)
    page = client.get(f"{BASE}/workbook/").get_data(as_text=True)
    assert "Download with current data" in page
    assert 'type="file"' not in page and "Check the workbook" not in page and "upload it here" not in page
    assert "planning officers upload changes" in page
    assert upload_workbook(client).status_code == 403


def test_a_closed_period_workbook_page_has_the_banner_and_no_upload(client, demo, db):
    close_period(client)
    login(client, "officer")
    page = client.get(f"{BASE}/workbook/").get_data(as_text=True)
    assert CLOSED in page and 'type="file"' not in page and "Download with current data" in page
    before = database_state(db)
    assert upload_workbook(client).status_code == 403
    assert client.post(f"{BASE}/workbook/confirm", data={"token": "x"}).status_code == 403
    assert database_state(db) == before
    client.post("/logout")
    login(client, "admin")
    assert 'type="file"' in client.get(f"{BASE}/workbook/").get_data(as_text=True)


def test_an_upload_with_no_file_says_so(client, demo, db):
    login(client, "officer")
    before = database_state(db)
    workbook = client.post(f"{BASE}/workbook/upload", data={}, content_type="multipart/form-data")
    assert workbook.status_code == 400
    assert 'id="workbook-error">Choose an .xlsx file to upload.<' in workbook.get_data(as_text=True)
    incidents = client.post("/m/MINUSMA/2019-20/incidents/upload", data={}, content_type="multipart/form-data")
    assert incidents.status_code == 400
    assert 'id="incidents-error">Choose a .csv file to upload.<' in incidents.get_data(as_text=True)
    assert database_state(db) == before


def test_incident_uploads_stay_open_in_a_closed_period(client, demo, db):
    """Incidents belong to the mission, not to a budget period: closing a period does not lock them."""
    close_period(client)
    login(client, "officer")
    page = client.get(f"{BASE}/incidents/").get_data(as_text=True)
    assert 'type="file"' in page and "Check the file" in page


@pytest.mark.parametrize(("role", "menu"), [("leader", "Records"), ("reviewer", "Data entry"),
                                             ("officer", "Data entry")])
def test_the_records_menu_is_named_for_what_the_role_does_there(client, demo, role, menu):
    """Leadership reads the records and enters none: its menu is "Records", not "Data entry"; a
    reviewer writes variance explanations there, an officer everything."""
    login(client, role)
    page = client.get("/m/MINUSMA/2019-20/").get_data(as_text=True)
    assert re.search(rf'data-bs-toggle="dropdown" aria-expanded="false">{menu}</a>', page)
