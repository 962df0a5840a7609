"""Impact indicators computed from the incident data: their values follow the incidents, by
interval and region, and are marked computed with the file as source. Every event is made up."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.incidents.services import import_incidents
from cpas.models import (
    DataPoint,
    Direction,
    ImpactIndicator,
    IncidentInterval,
    IncidentMeasure,
    Mission,
    Outcome,
    Provenance,
    RegionalAggregation,
)
from tests.conftest import login
from tests.helpers import database_state
from tests.test_incident_import import CURRENT

FORMS = "/m/MINUSMA/2019-20/records"


@pytest.fixture
def mission(db, demo):
    return db.scalar(select(Mission).where(Mission.code == "MINUSMA"))


def computed_indicator(db, mission, code="O1.9", **definition) -> ImpactIndicator:
    outcome = db.scalar(select(Outcome).where(Outcome.mission_id == mission.id, Outcome.code == "O1"))
    indicator = ImpactIndicator(outcome_id=outcome.id, code=code, name="Made-up computed indicator",
                                direction=Direction.LOWER_IS_BETTER, **definition)
    db.add(indicator)
    db.flush()
    return indicator


def values_of(db, indicator) -> dict[tuple, Decimal]:
    db.expire_all()
    return {(point.observed_on, point.region): point.value for point in
            db.scalars(select(DataPoint).where(DataPoint.indicator_id == indicator.id))}


def test_civilian_deaths_by_year_follow_the_incidents_and_say_where_they_come_from(db, mission):
    indicator = computed_indicator(db, mission, incident_measure=IncidentMeasure.FATALITIES,
                                   incident_event_types="Violence against civilians",
                                   incident_interval=IncidentInterval.YEAR)
    import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    # 2018: 12 + 5 deaths from violence against civilians (the battle's 3 are not counted);
    # 2019: 7, counted up to the last incident, 9 November.
    assert values_of(db, indicator) == {(date(2018, 12, 31), ""): Decimal("17.0000"),
                                        (date(2019, 11, 9), ""): Decimal("7.0000")}
    point = db.scalar(select(DataPoint).where(DataPoint.indicator_id == indicator.id,
                                              DataPoint.observed_on == date(2019, 11, 9)))
    assert point.provenance is Provenance.DERIVED and point.incident_import_id is not None
    assert point.source.startswith("Computed from the incident file mali.csv imported on ")
    assert point.comment == "Partial: incidents up to 2019-11-09"


def test_a_reimport_with_revised_fatalities_updates_the_computed_values(db, mission):
    indicator = computed_indicator(db, mission, incident_measure=IncidentMeasure.FATALITIES,
                                   incident_interval=IncidentInterval.YEAR)
    import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    assert values_of(db, indicator)[(date(2018, 12, 31), "")] == Decimal("20.0000")
    revised = CURRENT.replace(b"Made-up event for tests,5,", b"Made-up event for tests,9,")
    import_incidents(db, mission, revised, file_name="mali-revised.csv", user=None, apply=True)
    assert values_of(db, indicator)[(date(2018, 12, 31), "")] == Decimal("24.0000")
    assert len(values_of(db, indicator)) == 2  # replaced, not added


def test_events_by_quarter_and_region_count_every_quarter_zero_included(db, mission):
    indicator = computed_indicator(db, mission, incident_measure=IncidentMeasure.EVENTS,
                                   incident_interval=IncidentInterval.QUARTER,
                                   regional_aggregation=RegionalAggregation.SUM)
    import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    values = values_of(db, indicator)
    whole = {day: value for (day, region), value in values.items() if region == ""}
    # Q4 2018: three events; Q1 2019: one; Q2 and Q3 2019: none; Q4 2019 (to 9 Nov): one.
    assert list(whole.values()) == [Decimal(3), Decimal(1), Decimal(0), Decimal(0), Decimal(1)]
    assert values[(date(2018, 12, 31), "Mopti")] == 2 and values[(date(2018, 12, 31), "Ségou")] == 1
    assert values[(date(2018, 12, 31), "Kidal")] == 0
    for day, total in whole.items():  # the regions add up to the whole
        assert sum(value for (other, region), value in values.items() if other == day and region) == total


def test_an_actor_filter_counts_only_that_actors_events(db, mission):
    indicator = computed_indicator(db, mission, incident_measure=IncidentMeasure.EVENTS,
                                   incident_interval=IncidentInterval.YEAR, incident_actor="dan na ambassagou")
    import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    assert values_of(db, indicator)[(date(2018, 12, 31), "")] == 1


def test_the_indicator_form_refuses_an_unknown_event_type_and_a_missing_interval(client, db, demo):
    login(client, "officer")
    before = database_state(db)
    form = {"outcome": "O1", "code": "O1.8", "name": "Made-up", "direction": "lower_is_better",
            "incident_measure": "fatalities", "incident_event_types": "Violence against civilians, Massacres"}
    page = client.post(FORMS + "/impact-indicators/new", data=form).get_data(as_text=True)
    assert "Massacres: not ACLED event types" in page
    assert "Say whether to count by calendar year, quarter or month." in page
    assert database_state(db) == before


def test_no_value_is_typed_over_a_computed_indicators(client, db, mission):
    computed_indicator(db, mission, incident_measure=IncidentMeasure.EVENTS, incident_interval=IncidentInterval.YEAR)
    db.commit()
    login(client, "officer")
    before = database_state(db)
    page = client.post(FORMS + "/data-points/new", data={"indicator": "O1.9", "observed_on": "2019-12-31",
                                                         "value": "4", "provenance": "verified"})
    assert "computed from the incident data" in page.get_data(as_text=True)
    assert database_state(db) == before


def test_an_indicator_defined_after_the_import_gets_its_values_when_saved(client, db, mission):
    import_incidents(db, mission, CURRENT, file_name="mali.csv", user=None, apply=True)
    db.commit()
    login(client, "officer")
    form = {"outcome": "O1", "code": "O1.8", "name": "Made-up civilian deaths", "direction": "lower_is_better",
            "incident_measure": "fatalities", "incident_event_types": "Violence against civilians",
            "incident_interval": "year"}
    assert client.post(FORMS + "/impact-indicators/new", data=form).status_code == 302
    indicator = db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.8"))
    assert values_of(db, indicator)[(date(2018, 12, 31), "")] == Decimal(17)
    results = client.get("/m/MINUSMA/2019-20/results/").get_data(as_text=True)
    assert "Computed from the incident data: fatalities by calendar year" in results
    assert client.post(FORMS + f"/impact-indicators/{indicator.id}/edit",
                       data={**form, "incident_measure": "", "incident_event_types": "", "incident_interval": "",
                             "version": "1"}).status_code == 302
    assert values_of(db, indicator) == {}  # entered again: the computed values go with the definition
