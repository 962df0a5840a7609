"""The dashboard's report is kept between requests while its data is unchanged, and assembled
anew after any change saved through the app or any incident import."""

from datetime import datetime

from sqlalchemy import select

from cpas.models import IncidentImport, Mission
from cpas.reports.cache import ReportCache, data_version
from tests.conftest import login

PAGE = "/m/MINUSMA/2019-20/dashboard"


def test_the_dashboard_is_kept_until_the_data_changes(make_app, demo, count_queries):
    app = make_app(REPORT_CACHE_SECONDS=600)
    client = app.test_client()
    login(client, "officer")
    with count_queries() as assembled:
        first = client.get(PAGE).get_data(as_text=True)
    assert "OP 28 (c)" in first and "no activity" in first

    with count_queries() as kept:
        again = client.get(PAGE).get_data(as_text=True)
    assert again == first
    assert kept.count < assembled.count / 3  # the signed-in user and the data version, not the report

    # A change saved through the app: the task now has an activity, and the page says so at once.
    response = client.post("/m/MINUSMA/2019-20/records/activities/new", data={
        "title": "Good offices visits to Kidal", "pillar": "civilian", "status": "planned",
        "starts_on": "2019-08-01", "ends_on": "2019-09-30", "region": "Kidal",
        "tasks": ["S/RES/2480 (2019) · OP 28 (c)"]})
    assert response.status_code == 302
    changed = client.get(PAGE).get_data(as_text=True)
    assert "Good offices" in changed and changed != first


def test_an_incident_import_is_a_change_of_the_data(demo, db):
    before = data_version(db)
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    db.add(IncidentImport(mission_id=mission.id, imported_at=datetime(2026, 12, 1), file_name="acled.csv",
                          layout="acled"))
    db.flush()
    assert data_version(db) != before


def test_a_cache_of_zero_seconds_assembles_every_time():
    made = []
    cache = ReportCache()
    for _ in range(2):
        cache.get_or_make("key", 0, lambda: made.append(1))
    assert len(made) == 2
    kept = [cache.get_or_make("key", 60, lambda: len(made)) for _ in range(2)]
    assert kept == [2, 2]


def test_the_overviews_judged_indicators_are_kept_until_the_data_changes(make_app, demo, count_queries):
    from tests.test_overview import overview, status_cards

    app = make_app(REPORT_CACHE_SECONDS=600)
    client = app.test_client()
    login(client, "officer")
    with count_queries() as assembled:
        first = overview(client)
    assert status_cards(first)["no_data"] == "0"
    with count_queries() as kept:
        again = overview(client)
    assert status_cards(again) == status_cards(first)  # (the page's CSRF token differs from second to second)
    assert kept.count < assembled.count

    # A new indicator without data, saved through the app, is counted at once.
    response = client.post("/m/MINUSMA/2019-20/records/impact-indicators/new", data={
        "outcome": "O1", "code": "O1.9", "name": "Cached? No", "unit": "incidents", "direction": "lower_is_better",
        "definition": "Incidents a month."})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert status_cards(overview(client))["no_data"] == "1"


def test_a_dashboard_kept_from_a_readers_request_serves_an_editor(make_app, demo):
    """The report kept is shared by every account: one assembled for leadership (whose page has
    no "add an activity" link) serves an officer's page, whose links name each task by its key
    (its resolution and paragraph): everything the page reads must be in the report kept, not
    loaded afterwards from a session that has ended (a 500 for every officer, once reported)."""
    for first, then in (("leader", "officer"), ("reviewer", "admin"), ("officer", "leader"), ("admin", "reviewer")):
        app = make_app(REPORT_CACHE_SECONDS=600)
        assembling, served = app.test_client(), app.test_client()
        login(assembling, first)
        assert assembling.get(PAGE).status_code == 200
        login(served, then)
        page = served.get(PAGE)
        assert page.status_code == 200, f"{then}'s dashboard kept from {first}'s"
        add_activity = "tasks=S/RES/2480+(2019)+%C2%B7+OP+28+(c)" in page.get_data(as_text=True)
        assert add_activity == (then in ("officer", "admin"))
