"""A region is one of the mission's regions everywhere it is entered: offered as a choice list in
forms, list filters and the data workbook, anything else refused with the regions allowed; free
text only for a mission with no regions recorded."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from cpas.models import Activity, BudgetPeriod, DataPoint, Mission, Pillar
from tests.conftest import login
from tests.helpers import database_state, give_demo_roles_in

BASE = "/m/MINUSMA/2019-20/records"
DEMO_REGIONS = ["Bamako", "Gao", "Kidal", "Koulikoro", "Mopti", "Ségou", "Sikasso", "Tombouctou"]
ALLOWED = "Choose among " + ", ".join(DEMO_REGIONS) + "."
ACTIVITY = {"title": "Community dialogue in Bandiagara", "pillar": "civilian", "status": "planned",
            "starts_on": "2019-08-01", "ends_on": "2019-09-30", "tasks": ["S/RES/2480 (2019) · OP 21"]}
DATA_POINT = {"indicator": "O1.1", "observed_on": "2019-06-30", "value": "12", "source": "JMAC"}


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def select_of(page: str, name: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """The opening tag of the select named ``name`` and its options: (value, text, selected)."""
    match = re.search(rf'(<select[^>]*name="{name}"[^>]*>)(.*?)</select>', page, re.S)
    assert match is not None, f"no select named {name}"
    options = [(value, text, "selected" in attributes) for attributes, value, text in
               re.findall(r'<option([^>]*value="([^"]*)"[^>]*)>(.*?)</option>', match.group(2), re.S)]
    return match.group(1), options


def test_the_forms_offer_the_missions_regions(officer):
    tag, options = select_of(officer.get(f"{BASE}/activities/new").get_data(as_text=True), "region")
    assert "multiple" in tag  # an activity may run in several regions
    assert [text for _value, text, _selected in options] == DEMO_REGIONS
    tag, options = select_of(officer.get(f"{BASE}/data-points/new").get_data(as_text=True), "region")
    assert "multiple" not in tag
    assert [(value, text) for value, text, _selected in options] == [("", "—")] + [(r, r) for r in DEMO_REGIONS]


def test_an_activity_in_two_regions_is_saved_and_shown_with_them(officer, db):
    response = officer.post(f"{BASE}/activities/new", data={**ACTIVITY, "region": ["Mopti", "Ségou"]})
    assert response.status_code == 302
    activity = db.scalar(select(Activity).where(Activity.title == ACTIVITY["title"]))
    assert activity.region == "Mopti, Ségou"
    edit = officer.get(f"{BASE}/activities/{activity.id}/edit").get_data(as_text=True)
    _tag, options = select_of(edit, "region")
    assert [value for value, _text, selected in options if selected] == ["Mopti", "Ségou"]


@pytest.mark.parametrize(("path", "form"), [
    ("/activities/new", {**ACTIVITY, "region": ["Mopti", "Timbuktu"]}),
    ("/data-points/new", {**DATA_POINT, "region": "Timbuktu"}),
])
def test_a_region_not_of_the_mission_is_refused_with_the_regions_allowed(officer, db, path, form):
    before = database_state(db)
    response = officer.post(BASE + path, data=form)
    assert response.status_code == 200
    assert f"Not a choice for Region: Timbuktu. {ALLOWED}" in response.get_data(as_text=True)
    assert database_state(db) == before
    french = officer.post(BASE + path + "?lang=fr", data=form).get_data(as_text=True)
    assert "Ce n&#39;est pas un choix possible pour Région : Timbuktu." in french


def test_a_region_is_read_whatever_its_case_and_accents_and_kept_as_the_mission_spells_it(officer, db):
    assert officer.post(f"{BASE}/data-points/new", data={**DATA_POINT, "region": "segou"}).status_code == 302
    assert db.scalar(select(DataPoint.region).where(DataPoint.observed_on == date(2019, 6, 30))) == "Ségou"


def test_a_region_since_dropped_from_the_mission_stays_on_its_record(officer, db):
    activity = db.scalar(select(Activity).where(Activity.ref == "A-003"))
    activity.region = "Gao, Ménaka"  # Ménaka is not (or no longer) among the demo's regions
    db.commit()
    edit = officer.get(f"{BASE}/activities/{activity.id}/edit").get_data(as_text=True)
    _tag, options = select_of(edit, "region")
    assert [value for value, _text, selected in options if selected] == ["Gao", "Ménaka"]
    form = {"title": "Renamed", "pillar": activity.pillar.value, "status": activity.status.value,
            "region": ["Gao", "Ménaka"], "version": str(activity.version),
            "tasks": [f"{task.mandate.resolution_symbol} · {task.paragraph_ref}" for task in activity.tasks]}
    assert officer.post(f"{BASE}/activities/{activity.id}/edit", data=form).status_code == 302
    db.expire_all()
    assert (activity.title, activity.region) == ("Renamed", "Gao, Ménaka")
    refused = officer.post(f"{BASE}/activities/{activity.id}/edit",
                           data={**form, "region": ["Gao", "Ménaka", "Nioro"], "version": str(activity.version)})
    assert "Not a choice for Region: Nioro." in refused.get_data(as_text=True)


def test_a_mission_without_regions_takes_any_region_as_text(app, client, demo, db):
    mission = Mission(code="NEWMISSION", name="New mission", country="Somewhere")
    db.add(mission)
    db.flush()
    give_demo_roles_in(db, mission, "officer")
    login(client, "officer")
    page = client.get("/m/NEWMISSION/2019-20/records/activities/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="region"[^>]*type="text"|<input[^>]*type="text"[^>]*name="region"', page)
    response = client.post("/m/NEWMISSION/2019-20/records/activities/new",
                           data={**ACTIVITY, "tasks": [], "region": "Anywhere"})
    assert response.status_code == 302
    assert db.scalar(select(Activity.region).where(Activity.mission_id == mission.id)) == "Anywhere"


def test_the_list_filters_activities_by_any_of_their_regions(officer, db):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    db.add(Activity(mission_id=mission.id, period_id=period.id, ref="A-050", title="Patrols in Ségou and Mopti",
                    pillar=Pillar.MILITARY, region="Ségou, Mopti, Gao"))
    db.commit()
    page = officer.get(f"{BASE}/activities/?region=Mopti").get_data(as_text=True)
    shown = set(re.findall(r">(A-\d{3})</a>", page))
    assert shown == {"A-001", "A-002", "A-050"}  # "Mopti, Ségou", "Mopti", "Ségou, Mopti, Gao"
    assert set(re.findall(r">(A-\d{3})</a>", officer.get(f"{BASE}/activities/?region=Gao").get_data(
        as_text=True))) == {"A-003", "A-050"}
