"""Importing incident files in the ACLED CSV layout: both layouts, re-imports, and each bad input
refused with its message and the database unchanged. Every event in these files is made up."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cpas.incidents.services import import_incidents
from cpas.models import Incident, IncidentImport, Mission
from tests.helpers import database_state

DATA = Path(__file__).parent / "data"
CURRENT = (DATA / "acled_current_layout_madeup.csv").read_bytes()
OLDER = (DATA / "acled_older_layout_madeup.csv").read_bytes()
CURRENT_HEADER = CURRENT.split(b"\n", 1)[0].decode()


@pytest.fixture
def mission(db, demo):
    return db.scalar(select(Mission).where(Mission.code == "MINUSMA"))


def incidents_of(db, mission) -> dict[str, Incident]:
    return {incident.event_id: incident for incident in
            db.scalars(select(Incident).where(Incident.mission_id == mission.id))}


def current_file(*rows: str) -> bytes:
    """A current-layout file with the given rows (each as its CSV line)."""
    return "\n".join([CURRENT_HEADER, *rows]).encode()


def current_row(event_id="MLI7001", event_date="2019-05-01", event_type="Violence against civilians",
                admin1="Mopti", fatalities="3") -> str:
    return (f"{event_id},{event_date},2019,1,Political violence,{event_type},Attack,Unidentified Armed Group (Mali),"
            f",3,Civilians (Mali),,7,37,Civilian targeting,466,Western Africa,Mali,{admin1},Bankass,,Ogossagou,"
            f"14.2667,-3.8833,1,Made-up source,National,Made-up,{fatalities},,1700000000")


def test_a_current_layout_file_is_imported_with_regions_matched_to_the_missions(db, mission):
    result = import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    assert result.applied and (result.layout, result.created, result.updated) == ("current", 5, 0)
    assert result.region_spellings == {"MOPTI": "Mopti", "Segou": "Ségou"}
    stored = incidents_of(db, mission)
    assert stored["MLI9002"].admin1 == "Mopti" and stored["MLI9003"].admin1 == "Ségou"
    assert stored["MLI9001"].event_date == date(2018, 11, 3)
    assert stored["MLI9001"].fatalities == 12 and stored["MLI9001"].latitude == Decimal("14.266700")
    assert stored["MLI9001"].notes == "Made-up event for tests, with a comma"
    assert db.scalar(select(IncidentImport.file_name)) == "mali.csv"


def test_an_older_layout_file_reads_its_dates_and_event_types_into_todays_names(db, mission):
    result = import_incidents(db, mission, OLDER, file_name="mali-2017.csv", user=None, apply=True)
    assert result.applied and (result.layout, result.created) == ("older", 5)
    stored = incidents_of(db, mission)
    assert stored["MLI8001"].event_date == date(2017, 2, 22)
    assert {event_id: incident.event_type for event_id, incident in stored.items()} == {
        "MLI8001": "Violence against civilians",
        "MLI8002": "Battles",  # Battle-No change of territory
        "MLI8003": "Riots",  # Riots/Protests with a death
        "MLI8004": "Protests",  # Riots/Protests without
        "MLI8005": "Explosions/Remote violence",  # Remote violence
    }


def test_a_reimport_adds_nothing_twice_and_updates_what_acled_revised(db, mission):
    import_incidents(db, mission, CURRENT, file_name="first.csv", user=None, apply=True)
    again = import_incidents(db, mission, CURRENT, file_name="first.csv", user=None, apply=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    revised = CURRENT.replace(b"Made-up event for tests,5,", b"Made-up event for tests (revised),6,")
    result = import_incidents(db, mission, revised, file_name="revised.csv", user=None, apply=True)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert db.scalar(select(func.count()).select_from(Incident)) == 5
    incident = incidents_of(db, mission)["MLI9002"]
    assert (incident.fatalities, incident.notes) == (6, "Made-up event for tests (revised)")


def test_a_dry_run_counts_and_writes_nothing(db, mission):
    before = database_state(db)
    result = import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=False)
    assert (result.ok, result.applied, result.created) == (True, False, 5)
    assert database_state(db) == before


def test_a_file_with_a_bom_and_windows_line_ends_reads_the_same(db, mission):
    result = import_incidents(db, mission, b"\xef\xbb\xbf" + CURRENT.replace(b"\n", b"\r\n"), file_name="bom.csv",
                              user=None, apply=True)
    assert result.applied and result.created == 5
    assert incidents_of(db, mission)["MLI9005"].admin1 == "Ségou"


BAD_FILES = {
    "missing required column": (
        CURRENT.replace(b"fatalities", b"deaths", 1), "the columns fatalities are missing"),
    "bad date": (current_file(current_row(event_date="31/02/2019")), "'31/02/2019' is not a date"),
    "impossible date": (current_file(current_row(event_date="2019-02-30")), "'2019-02-30' is not a date"),
    "negative fatalities": (current_file(current_row(fatalities="-4")), "Fatalities cannot be negative (-4)"),
    "fatalities not a number": (current_file(current_row(fatalities="3.5")), "'3.5' is not a whole number"),
    "unknown region": (current_file(current_row(admin1="Tessalit")),
                       "The region 'Tessalit' is not one of the mission's regions"),
    "unknown event type": (current_file(current_row(event_type="Skirmish")), "'Skirmish' is not an ACLED event type"),
    "an event twice": (current_file(current_row(), current_row()), "The event MLI7001 appears twice"),
    "another layout": (b"Sheet,Row,Amount\nBudget,1,100\n", "This is not an ACLED export"),
    "not UTF-8": (current_file(current_row(admin1="S\xe9gou")).replace("S\xe9gou".encode(), b"S\xe9gou"),
                  "not UTF-8"),
    "no rows": (CURRENT_HEADER.encode(), "The file holds no incident"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_message_and_changes_nothing(db, mission, case):
    data, message = BAD_FILES[case]
    import_incidents(db, mission, CURRENT, file_name="first.csv", user=None, apply=True)
    before = database_state(db)
    result = import_incidents(db, mission, data, file_name="bad.csv", user=None, apply=True)
    assert not result.applied and not result.ok
    assert any(message in problem.message for problem in result.problems), result.problems
    assert database_state(db) == before


def test_a_row_problem_names_its_line_and_column(db, mission):
    data = current_file(current_row(event_id="MLI7001"), current_row(event_id="MLI7002", fatalities="-1"))
    problem, = import_incidents(db, mission, data, file_name="bad.csv", user=None, apply=False).problems
    assert (problem.line, problem.column) == (3, "fatalities")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, mission):
    result = import_incidents(db, mission, CURRENT, file_name="big.csv", user=None, apply=True, max_bytes=100)
    assert not result.applied and "larger than" in result.problems[0].message


def test_the_command_imports_then_refuses_a_bad_file_with_its_problems(runner, db, mission, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(CURRENT)
    bad.write_bytes(current_file(current_row(admin1="Tessalit")))
    dry = runner.invoke(args=["cpas", "incidents-import", str(good), "--mission", "MINUSMA", "--dry-run"])
    assert dry.exit_code == 0 and "5 new" in dry.output and "Nothing was saved" in dry.output
    assert db.scalar(select(func.count()).select_from(Incident)) == 0
    done = runner.invoke(args=["cpas", "incidents-import", str(good), "--mission", "MINUSMA"])
    assert done.exit_code == 0 and "Imported 5 events into MINUSMA" in done.output
    refused = runner.invoke(args=["cpas", "incidents-import", str(bad), "--mission", "MINUSMA"])
    assert refused.exit_code != 0
    assert "line 2, admin1: The region 'Tessalit'" in refused.output and "nothing was imported" in refused.output
    assert db.scalar(select(func.count()).select_from(Incident)) == 5
