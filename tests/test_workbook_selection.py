"""Which data points the data workbook holds (issue 12): the period's by default, others chosen
by dates, impact indicator and region, every sheet bounded by the rows an import reads back."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from cpas.models import DataPoint, ImpactIndicator
from cpas.results.specs import DATA_POINTS
from cpas.workbook import export, selection
from cpas.workbook.importer import import_workbook
from cpas.workbook.layout import headers
from cpas.workbook.reader import MAX_ROWS_PER_SHEET
from cpas.workbook.selection import MAX_RECORDS_PER_SHEET
from tests.conftest import login
from tests.helpers import database_state

DOWNLOAD = "/m/MINUSMA/2019-20/workbook/download"
PAGE = "/m/MINUSMA/2019-20/workbook/"


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def data_point_rows(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(BytesIO(data), read_only=True)["Data points"]
    names = headers(DATA_POINTS)
    return [dict(zip(names, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def observed(db, **where) -> list[date]:
    statement = select(DataPoint.observed_on).join(ImpactIndicator).order_by(DataPoint.observed_on)
    for attr, value in where.items():
        statement = statement.where(getattr(DataPoint, attr) == value)
    return list(db.scalars(statement))


def add_data_point(officer, db, observed_on: str, source: str) -> None:
    assert officer.post("/m/MINUSMA/2019-20/records/data-points/new", data={
        "indicator": db.scalar(select(ImpactIndicator.code).order_by(ImpactIndicator.id)),
        "observed_on": observed_on, "value": "3", "source": source, "provenance": "entered"}).status_code == 302


def test_the_workbook_holds_the_data_points_up_to_the_periods_end_and_says_so(officer, db):
    every = observed(db)
    assert every and every[-1] <= date(2020, 6, 30)
    add_data_point(officer, db, "2020-07-31", "of 2020/21")  # after the period: its own period's workbook
    response = officer.get(DOWNLOAD)
    assert response.status_code == 200
    rows = data_point_rows(response.data)
    assert sorted(row["Date"].date() for row in rows) == every
    assert "of 2020/21" not in {row["Source"] for row in rows}
    contents = openpyxl.load_workbook(BytesIO(response.data))["Instructions"]["B5"].value
    assert "data points observed up to 2020-06-30" in contents
    page = officer.get(PAGE).get_data(as_text=True)
    assert f"The workbook holds the {len(every)} data points observed up to 30 Jun 2020." in page
    assert 'value="2020-06-30"' in page


def test_dates_indicator_and_region_choose_the_data_points(officer, db):
    every = observed(db)
    rows = data_point_rows(officer.get(DOWNLOAD + "?from=2015-07-01&to=2020-06-30").data)
    assert len(rows) == len(every)
    point = db.scalar(select(DataPoint).order_by(DataPoint.id))
    code = point.indicator.code
    rows = data_point_rows(officer.get(f"{DOWNLOAD}?from=2015-07-01&to=2020-06-30&indicator={code}").data)
    assert rows and {row["Impact indicator"] for row in rows} == {code}
    assert len(rows) == len(observed(db, indicator_id=point.indicator_id))
    region = db.scalar(select(DataPoint.region).where(DataPoint.region != "").limit(1))
    if region:
        rows = data_point_rows(officer.get(f"{DOWNLOAD}?from=2015-07-01&to=2020-06-30&region={region}").data)
        assert rows and {row["Region"] for row in rows} == {region}


@pytest.mark.parametrize(("query", "message"), [
    ("from=2019-13-01", "From: write a date as YYYY-MM-DD, e.g. 2019-07-01."),
    ("from=2020-01-01&to=2019-07-01", "The date range ends before it begins."),
    ("indicator=NOPE-9", "MINUSMA has no impact indicator NOPE-9"),
    ("region=Atlantis", "Atlantis is not one of MINUSMA&#39;s regions."),
])
def test_a_choice_that_cannot_be_made_is_the_page_with_its_message(officer, db, query, message):
    before = database_state(db)
    response = officer.get(f"{DOWNLOAD}?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'id="selection-error"' in page
    assert database_state(db) == before


def test_a_sheet_never_holds_more_rows_than_an_import_reads(officer, db, monkeypatch):
    assert MAX_RECORDS_PER_SHEET == MAX_ROWS_PER_SHEET - 1  # the header row is the sheet's first
    monkeypatch.setattr(export, "MAX_RECORDS_PER_SHEET", 1)
    monkeypatch.setattr(selection, "MAX_RECORDS_PER_SHEET", 1)
    refused = officer.get(DOWNLOAD + "?from=2015-07-01")  # the demo's several data points
    assert refused.status_code == 400
    assert "would hold more than 1 rows" in refused.get_data(as_text=True)


def test_by_default_the_latest_data_points_that_fit(officer, db, monkeypatch):
    """More data points up to the period's end than a sheet holds: the latest dates that fit, said."""
    add_data_point(officer, db, "2020-03-31", "X-1")
    add_data_point(officer, db, "2020-04-30", "X-2")
    monkeypatch.setattr(selection, "MAX_RECORDS_PER_SHEET", 1)
    page = officer.get(PAGE).get_data(as_text=True)
    assert "The workbook holds the 1 data point observed from 30 Apr 2020 to 30 Jun 2020." in page
    assert "these are the latest" in page
    assert [row["Source"] for row in data_point_rows(officer.get(DOWNLOAD).data)] == ["X-2"]


def test_a_chosen_workbook_imports_back_unchanged(officer, db):
    point = db.scalar(select(DataPoint).order_by(DataPoint.id))
    data = officer.get(f"{DOWNLOAD}?from=2015-07-01&indicator={point.indicator.code}").data
    before = database_state(db)
    result = import_workbook(db, data, None, apply=True)
    assert result.problems == []
    assert all(counts.created == counts.updated == 0 for counts in result.counts.values())
    db.commit()
    assert database_state(db) == before


def test_the_command_line_export_takes_the_same_choices(runner, demo, tmp_path):
    out = tmp_path / "chosen.xlsx"
    result = runner.invoke(args=["cpas", "data-export", "--mission", "MINUSMA", "--period", "2019/20",
                                 "--out", str(out), "--from", "2019-07-01", "--to", "2018-01-01"])
    assert result.exit_code != 0 and "The date range ends before it begins." in result.output
    assert not out.exists()
