"""An impact indicator maps to an RBB indicator of achievement: entered in its form and its
workbook sheet, named with the period the indicator of achievement belongs to, and kept as it is
by the pages and workbooks of other periods."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from cpas.entry.context import EntryContext
from cpas.models import (
    BudgetPeriod,
    Component,
    DataPoint,
    ExpectedAccomplishment,
    ImpactIndicator,
    IndicatorOfAchievement,
    IndicatorValue,
    IndicatorValueKind,
    Mission,
    ReportKind,
)
from cpas.reports.assembly import framework_report
from cpas.workbook.export import build_data_workbook
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state
from tests.report_settings import plain_settings

LINK = "2019/20 · 2.1.1"


@pytest.fixture
def officer(app, demo):
    client = app.test_client()
    login(client, "officer")
    return client


@pytest.fixture
def earlier_framework(db, demo):
    """A 2018/19 framework whose indicator of achievement has the same number, 2.1.1."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    component = Component(mission_id=mission.id, period_id=period.id, number=2, name="Protection of civilians")
    accomplishment = ExpectedAccomplishment(number="2.1", text="Civilians better protected (2018/19)")
    accomplishment.indicators.append(IndicatorOfAchievement(number="2.1.1", text="Operations in 2018/19"))
    component.expected_accomplishments.append(accomplishment)
    db.add(component)
    db.commit()
    return accomplishment.indicators[0]


def indicator_form(db, **changes) -> dict:
    indicator = db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.1"))
    return {"outcome": "O1", "code": "O1.1", "name": indicator.name, "definition": indicator.definition,
            "unit": indicator.unit, "direction": indicator.direction.value, "baseline_value": "71",
            "baseline_on": "2016-12-31", "data_source": indicator.data_source, "frequency": indicator.frequency,
            "responsible_section": indicator.responsible_section, "regional_aggregation": "sum",
            "rbb_indicator": "", "version": str(indicator.version), **changes}


def linked_indicator(db) -> IndicatorOfAchievement | None:
    db.expire_all()
    return db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.1")).rbb_indicator


def test_the_form_offers_every_periods_indicators_named_with_their_period(officer, db, earlier_framework):
    page = officer.get("/m/MINUSMA/2019-20/records/impact-indicators/new").get_data(as_text=True)
    assert '<option value="2019/20 · 2.1.1">2019/20 · 2.1.1 — Integrated protection operations' in page
    assert '<option value="2018/19 · 2.1.1">2018/19 · 2.1.1 — Operations in 2018/19' in page
    assert page.index("2019/20 · 2.1.1") < page.index("2018/19 · 2.1.1")  # the most recent period first


def test_an_officer_links_an_impact_indicator_to_an_indicator_of_achievement(officer, db):
    indicator_id = db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.code == "O1.1"))
    saved = officer.post(f"/m/MINUSMA/2019-20/records/impact-indicators/{indicator_id}/edit",
                         data=indicator_form(db, rbb_indicator=LINK))
    assert saved.status_code == 302
    linked = linked_indicator(db)
    assert linked.number == "2.1.1" and linked.text.startswith("Integrated protection operations")
    page = officer.get(f"/m/MINUSMA/2019-20/records/impact-indicators/{indicator_id}").get_data(as_text=True)
    assert "RBB indicator of achievement" in page and LINK in page


def test_a_page_of_another_period_neither_relinks_nor_drops_the_link(officer, db, earlier_framework):
    indicator_id = db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.code == "O1.1"))
    officer.post(f"/m/MINUSMA/2019-20/records/impact-indicators/{indicator_id}/edit",
                 data=indicator_form(db, rbb_indicator=LINK))
    edit_page = officer.get(f"/m/MINUSMA/2018-19/records/impact-indicators/{indicator_id}/edit").get_data(
        as_text=True)
    assert f'<option selected value="{LINK}">' in edit_page
    officer.post(f"/m/MINUSMA/2018-19/records/impact-indicators/{indicator_id}/edit",
                 data=indicator_form(db, rbb_indicator=LINK, frequency="Quarterly"))
    linked = linked_indicator(db)
    assert linked.expected_accomplishment.text == "Improved protection of civilians in Central Mali (illustrative)"
    assert linked.id != earlier_framework.id


def test_the_workbook_of_another_period_carries_the_link_and_reads_it_back_unchanged(db, demo, earlier_framework):
    indicator = db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.1"))
    indicator.rbb_indicator = db.scalar(select(IndicatorOfAchievement).where(
        IndicatorOfAchievement.text.like("Integrated protection%")))
    db.commit()
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    data = build_data_workbook(EntryContext(db, mission, period, None))
    sheet = openpyxl.load_workbook(BytesIO(data))["Impact indicators"]
    headings = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "O1.1")
    assert row[headings.index("RBB indicator of achievement")] == LINK
    before = database_state(db)
    result = import_workbook(db, data, None, apply=True)
    db.commit()
    assert result.problems == [] and result.counts["Impact indicators"].updated == 0
    assert database_state(db) == before
    assert linked_indicator(db).expected_accomplishment.component.period_id != period.id


def test_an_unknown_or_unqualified_link_is_refused(officer, db):
    indicator_id = db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.code == "O1.1"))
    before = database_state(db)
    for typed in ("2.1.1", "2017/18 · 2.1.1"):
        refused = officer.post(f"/m/MINUSMA/2019-20/records/impact-indicators/{indicator_id}/edit",
                               data=indicator_form(db, rbb_indicator=typed))
        assert f"Unknown key: {typed}." in refused.get_data(as_text=True)
    assert database_state(db) == before


@pytest.fixture
def mapped_with_data(db, demo):
    """O1.1 mapped to 2.1.1 of 2019/20, with whole-mission values inside and outside 2019/20 and a
    regional value inside."""
    indicator = db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.1"))
    indicator.rbb_indicator = db.scalar(select(IndicatorOfAchievement).where(
        IndicatorOfAchievement.text.like("Integrated protection%")))
    for day, region, value in ((date(2019, 12, 31), "", 600), (date(2020, 3, 31), "", 400),
                               (date(2020, 3, 31), "Mopti", 300), (date(2020, 7, 15), "", 5)):
        indicator.data_points.append(DataPoint(observed_on=day, region=region, value=Decimal(value)))
    db.commit()
    return indicator.rbb_indicator


def performance_indicator_row(db):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    report = framework_report(db, mission, period, ReportKind.PERFORMANCE, plain_settings())
    row = next(row for row in report.indicators.rows if str(row.get("indicator")).startswith("2.1.1"))
    return report.indicators, row


def test_the_performance_report_takes_a_missing_actual_from_cpas_data_and_says_so(db, mapped_with_data):
    table, row = performance_indicator_row(db)
    assert row.get("actual") == Decimal(400)  # the latest whole-mission value within 2019/20
    assert row.marks["actual"].symbol == "from CPAS data"
    assert "impact indicator O1.1" in row.marks["actual"].note and "2020-03-31" in row.marks["actual"].note
    assert any(note.startswith("from CPAS data: no actual was entered") for note in table.notes)
    assert row.get("planned") == Decimal(8) and "planned" not in row.marks


def test_an_entered_actual_wins_over_cpas_data(db, mapped_with_data):
    db.add(IndicatorValue(indicator_id=mapped_with_data.id, period_id=db.scalar(
        select(BudgetPeriod.id).where(BudgetPeriod.label == "2019/20")), kind=IndicatorValueKind.ACTUAL,
        value=Decimal(7)))
    db.commit()
    table, row = performance_indicator_row(db)
    assert row.get("actual") == Decimal(7) and row.marks == {}
    assert not any("from CPAS data" in note for note in table.notes)


def test_the_page_and_the_workbook_mark_the_actual_from_cpas_data(app, db, mapped_with_data):
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    page = reviewer.get("/m/MINUSMA/2019-20/reports/rbb?kind=performance").get_data(as_text=True)
    assert '400<sup class="cell-mark" title="From CPAS data: no actual was entered for 2019/20;' in page
    assert "An entered actual takes precedence." in page
    book = openpyxl.load_workbook(BytesIO(reviewer.get("/m/MINUSMA/2019-20/reports/performance.xlsx").data))
    sheet = book["Indicators"]
    cell = next(row[4] for row in sheet.iter_rows() if str(row[1].value).startswith("2.1.1"))
    assert cell.value == 400 and cell.data_type == "n"  # still a number a reviewer can add up
    assert cell.number_format.endswith('" from CPAS data"')
    assert "impact indicator O1.1" in cell.comment.text
    budget_form = reviewer.get("/m/MINUSMA/2019-20/reports/rbb?kind=budget").get_data(as_text=True)
    assert "from CPAS data" not in budget_form  # its actual is of 2017/18, which has one entered
