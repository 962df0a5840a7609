"""The incident data page: upload, preview, confirm; who may import; a preview overtaken by
another import is not confirmed blindly. Every event in these files is made up."""

import re
from io import BytesIO

from sqlalchemy import func, select

from cpas.incidents.services import import_incidents
from cpas.models import Incident, Mission
from tests.conftest import login
from tests.helpers import database_state
from tests.test_incident_import import CURRENT, OLDER, current_file, current_row

PAGE = "/m/MINUSMA/2019-20/incidents/"


def upload(client, data: bytes, name: str = "mali.csv"):
    return client.post(PAGE + "upload", data={"incidents": (BytesIO(data), name)}, content_type="multipart/form-data")


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def incident_total(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Incident))


def test_an_officer_previews_then_confirms_an_import(client, db, demo):
    login(client, "officer")
    page = upload(client, CURRENT).get_data(as_text=True)
    assert "What the import would do" in page and "Import these incidents" in page
    assert "MOPTI → Mopti" in page and "Segou → Ségou" in page
    assert incident_total(db) == 0
    confirmed = client.post(PAGE + "confirm", data={"token": hidden(page, "token"),
                                                     "previewed_after": hidden(page, "previewed_after")},
                            follow_redirects=True)
    shown = confirmed.get_data(as_text=True)
    assert "Imported 5 events: 5 new, 0 revised, 0 unchanged." in shown
    assert "5 incidents recorded." in shown and "mali.csv" in shown
    assert incident_total(db) == 5


def test_a_bad_file_lists_its_problems_offers_no_import_and_saves_nothing(client, db, demo):
    login(client, "officer")
    before = database_state(db)
    page = upload(client, current_file(current_row(admin1="Tessalit"), current_row(event_id="X2", fatalities="-2")))
    shown = page.get_data(as_text=True)
    assert "2 problems: nothing will be imported until they are fixed." in shown
    assert "The region &#39;Tessalit&#39; is not one of the mission&#39;s regions" in shown
    assert "Import these incidents" not in shown
    assert database_state(db) == before


def test_a_preview_made_before_another_import_is_shown_again_not_confirmed(client, db, demo):
    login(client, "officer")
    page = upload(client, CURRENT).get_data(as_text=True)
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    import_incidents(db, mission, CURRENT, file_name="colleague.csv", user=None, apply=True)
    db.commit()
    again = client.post(PAGE + "confirm", data={"token": hidden(page, "token"),
                                                 "previewed_after": hidden(page, "previewed_after")})
    shown = again.get_data(as_text=True)
    assert "Another incident file was imported since this preview" in shown
    assert "Import these incidents" in shown  # the new counts, to confirm again
    assert incident_total(db) == 5  # the colleague's, nothing added


def test_readers_see_the_imports_but_no_upload_and_a_crafted_upload_is_refused(client, db, demo):
    for role in ("reviewer", "leader"):
        login(client, role)
        page = client.get(PAGE).get_data(as_text=True)
        assert "Incident data" in page and "Check the file" not in page
        assert upload(client, OLDER).status_code == 403
        assert client.post(PAGE + "confirm", data={"token": "x", "previewed_after": ""}).status_code == 403
    assert incident_total(db) == 0


def test_an_empty_mission_says_no_file_was_imported(client, demo):
    login(client, "leader")
    assert "No incident file has been imported for this mission yet." in client.get(PAGE).get_data(as_text=True)
