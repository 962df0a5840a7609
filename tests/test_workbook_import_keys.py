"""An import looks up only the records its rows name (issue 12): a sheet of a few data points does
not read the mission's every data point, and an unchanged row is not judged again."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
from sqlalchemy import event, select

from cpas.models import DataPoint, ImpactIndicator, IncidentInterval, IncidentMeasure
from cpas.workbook.importer import import_workbook
from tests.helpers import database_state
from tests.test_workbook import edited, export

EXTRA_POINTS = 300


def add_history(db) -> ImpactIndicator:
    """Monthly data points of the first indicator before the demo's (2000–2024), none of which a
    workbook of a few rows names."""
    indicator = db.scalar(select(ImpactIndicator).order_by(ImpactIndicator.id))
    for month in range(EXTRA_POINTS):
        db.add(DataPoint(indicator=indicator, observed_on=date(1990 + month // 12, month % 12 + 1, 1), region="",
                         value=Decimal(month), source="JMAC", comment="", provenance="entered"))
    db.commit()
    return indicator


def test_an_import_reads_only_the_data_points_its_rows_name(db, demo):
    add_history(db)
    exported = export(db)  # from 2015/16: the demo's own data points, not the history before
    named = len(list(openpyxl.load_workbook(BytesIO(exported))["Data points"].iter_rows(min_row=2)))
    loaded = []

    def count(target, _context):
        loaded.append(target.id)

    event.listen(DataPoint, "load", count)
    try:
        result = import_workbook(db, exported, None, apply=False)
    finally:
        event.remove(DataPoint, "load", count)
    assert result.problems == [] and result.counts["Data points"].unchanged == named
    assert 0 < len(set(loaded)) <= named < EXTRA_POINTS


def test_a_new_row_with_the_key_of_a_data_point_not_in_the_sheet_is_refused(db, demo):
    indicator = add_history(db)

    def add_row(book):
        sheet = book["Data points"]
        sheet.append(["", indicator.code, date(1990, 1, 1), "", 5, "JMAC", None, "", "entered"])

    before = database_state(db)
    result = import_workbook(db, edited(export(db), add_row), None, apply=True)
    db.rollback()
    assert not result.applied
    assert any("exists already" in problem.message for problem in result.problems)
    assert database_state(db) == before


def test_an_unchanged_row_is_not_judged_by_rules_that_read_other_data(db, demo):
    """Data points typed before their indicator was set to be computed from incidents come back
    unchanged; a changed one is refused by the rule."""
    indicator = db.scalar(select(ImpactIndicator).join(DataPoint).order_by(ImpactIndicator.id))
    indicator.incident_measure, indicator.incident_interval = IncidentMeasure.EVENTS, IncidentInterval.YEAR
    db.commit()
    result = import_workbook(db, export(db), None, apply=False)
    assert result.problems == []

    def change_value(book):
        sheet = book["Data points"]
        row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == indicator.code)
        row[4].value = 999

    result = import_workbook(db, edited(export(db), change_value), None, apply=False)
    assert [problem.message for problem in result.problems] == [
        "The values of this indicator are computed from the incident data: import incidents to change them."]
