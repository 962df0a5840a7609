"""The threat calendar: incidents and fatalities by region and month, the seasons, and the
high-risk months no operation covered; its page, workbook and command.

Every incident here is made up (tests/incident_data.py says why no real one is used). The demo's
activities are laid over them: Operation Folon I runs in Mopti and Ségou from November 2019 to
January 2020; human rights monitoring (no named operation) runs in Mopti from July 2019 to June
2020; support to cantonment (no named operation) in Gao from September 2019 to March 2020. Only
2019/20 has activities, so only July 2019 to June 2020 is judged.
"""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from cpas.charts import PLOTLY_JS_VERSION
from cpas.exports.report_workbook import HEADER_ROW, build_report_workbook
from cpas.incidents.services import count_incidents_by_month
from cpas.models import Activity, ActivityStatus, BudgetPeriod, Incident, Mission, Pillar
from cpas.reports.app_settings import report_settings
from cpas.reports.assembly import ReportSettings, threat_calendar_report
from cpas.reports.threat_calendar import EVENTS, FATALITIES, HighRiskRule
from tests.conftest import login
from tests.incident_data import add_made_up_incidents
from tests.libreoffice import recalculated
from tests.report_settings import plain_settings

BASE = "/m/MINUSMA/2019-20"
PAGE = f"{BASE}/reports/threat-calendar"
BATTLES, VAC = "Battles", "Violence against civilians"
# Mopti, month by month from November 2018 to December 2019: (event type, fatalities of each event).
MOPTI = {
    (2018, 11): [(BATTLES, [2, 0, 0, 0]), (VAC, [3, 0])],  # 6 events, 5 fatalities
    (2018, 12): [("Protests", [0])],
    (2019, 1): [("Protests", [0, 0])],
    **{(2019, month): [("Protests", [0])] for month in (2, 3, 4, 5, 6, 7, 9)},
    (2019, 8): [("Riots", [0, 0, 0])],
    (2019, 10): [("Protests", [0, 0])],
    (2019, 11): [(VAC, [3, 1]), (BATTLES, [0, 0, 0])],  # 5 events, 4 fatalities
    (2019, 12): [("Strategic developments", [0, 0, 0, 0])],
}
# Mopti's events a month: 6 1 2 1 1 1 1 1 1 3 1 2 5 4. Their 75th percentile (linear, over the 14
# months) is 2.75: November 2018 (6), August (3), November (5) and December 2019 (4) are high-risk
# by incidents. Fatalities fall in two months only (5 and 4), so their percentile is nil and both
# Novembers are high-risk by fatalities too.
OTHERS = [
    ("Gao", date(2019, 12, 31), "Explosions/Remote violence", 0),  # Gao's only month: high-risk
    ("Ségou", date(2018, 11, 5), BATTLES, 7),
    ("", date(2019, 1, 20), "Riots", 0),  # no region in the file
]


def scope(db):
    return (db.scalar(select(Mission).where(Mission.code == "MINUSMA")),
            db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20")))


def add_incident(db, mission, number, region, day, event_type, fatalities):
    db.add(Incident(mission_id=mission.id, event_id=f"MADEUP{number}", event_date=day, event_type=event_type,
                    admin1=region, fatalities=fatalities, source="Made up for tests"))


@pytest.fixture
def incidents(db, demo):
    """The made-up incidents above, committed."""
    mission, _ = scope(db)
    number = 0
    for (year, month), kinds in MOPTI.items():
        for event_type, fatalities in kinds:
            for day, deaths in enumerate(fatalities, start=1):
                number += 1
                add_incident(db, mission, number, "Mopti", date(year, month, day * 2), event_type, deaths)
    for region, day, event_type, deaths in OTHERS:
        number += 1
        add_incident(db, mission, number, region, day, event_type, deaths)
    db.flush()
    count_incidents_by_month(db, mission)  # as an import does
    db.commit()
    return mission


def calendar_of(db, mission, settings: ReportSettings | None = None):
    return threat_calendar_report(db, mission, settings or plain_settings())


# The aggregate and its reshaping -----------------------------------------------------------------


def test_incidents_by_month_count_each_region_month_and_event_type(db, incidents):
    table = calendar_of(db, incidents).incidents_by_month
    assert [column.heading for column in table.columns] == ["Region", "Year", "Month", "Event type", "Events",
                                                              "Fatalities"]
    rows = {(row.get("region"), row.get("year"), row.get("month"), row.get("event_type")):
            (row.get("events"), row.get("fatalities")) for row in table.rows}
    assert rows[("Mopti", 2018, 11, BATTLES)] == (4, 2)
    assert rows[("Mopti", 2018, 11, VAC)] == (2, 3)
    assert rows[("Mopti", 2019, 11, VAC)] == (2, 4)
    assert rows[("Mopti", 2019, 11, BATTLES)] == (3, 0)
    assert rows[("Mopti", 2019, 8, "Riots")] == (3, 0)
    assert rows[("Ségou", 2018, 11, BATTLES)] == (1, 7)
    assert rows[("Region not recorded", 2019, 1, "Riots")] == (1, 0)
    assert len(rows) == len(table.rows) == 19  # 16 for Mopti, one each for Gao, Ségou and no region
    assert sum(events for events, _ in rows.values()) == 33
    # in the mission's order of regions, then by date and event type; no region last
    assert [row.get("region") for row in table.rows][:2] == ["Gao", "Mopti"]
    assert table.rows[1].get("year") == 2018 and table.rows[1].get("event_type") == BATTLES
    assert table.rows[-1].get("region") == "Region not recorded"


def test_the_calendar_has_every_month_from_the_first_incident_to_the_last(db, incidents):
    calendar = calendar_of(db, incidents)
    assert calendar.incident_count == 33 and calendar.fatality_count == 16
    assert (calendar.first_date, calendar.last_date) == (date(2018, 11, 2), date(2019, 12, 31))
    table = calendar.calendars[EVENTS]
    mopti = {row.get("year"): row for row in table.rows if row.get("region") == "Mopti"}
    assert [mopti[2018].get(f"m{month}") for month in range(1, 13)] == [None] * 10 + [6, 1]
    assert [mopti[2019].get(f"m{month}") for month in range(1, 13)] == [2, 1, 1, 1, 1, 1, 1, 3, 1, 2, 5, 4]
    assert (mopti[2018].get("total"), mopti[2019].get("total")) == (7, 23)
    kidal = [row for row in table.rows if row.get("region") == "Kidal"]
    assert [row.get("total") for row in kidal] == [0, 0]  # a region of the mission without incidents
    fatalities = {row.get("year"): row for row in calendar.calendars[FATALITIES].rows if row.get("region") == "Mopti"}
    assert (fatalities[2018].get("m11"), fatalities[2019].get("m11"), fatalities[2019].get("m8")) == (5, 4, 0)


def test_the_seasonal_view_is_a_mean_over_the_years_that_cover_each_month(db, incidents):
    calendar = calendar_of(db, incidents)
    mopti = next(row for row in calendar.seasonal[EVENTS].rows if row.get("region") == "Mopti")
    assert mopti.get("m11") == Decimal("5.5")  # (6 + 5) / 2
    assert mopti.get("m12") == Decimal("2.5")  # (1 + 4) / 2
    assert mopti.get("m1") == Decimal("2.0")  # January 2018 is before the data: one year only
    assert mopti.get("m8") == Decimal("3.0")
    assert mopti.get("peak") == "Nov"
    deaths = next(row for row in calendar.seasonal[FATALITIES].rows if row.get("region") == "Mopti")
    assert deaths.get("m11") == Decimal("4.5")  # (5 + 4) / 2
    assert "mean" in calendar.seasonal[EVENTS].title.lower()
    assert "A mean, not a total" in calendar.seasonal[EVENTS].notes[0]


def test_a_high_risk_month_without_an_operation_is_listed_and_one_with_an_operation_is_not(db, incidents):
    calendar = calendar_of(db, incidents)
    missed = {(row.get("region"), row.get("year"), row.get("month")): row for row in calendar.uncovered.rows}
    # Mopti, August 2019: high-risk; monitoring runs, but it is no named operation.
    august = missed[("Mopti", 2019, "Aug")]
    assert (august.get("events"), august.get("fatalities"), august.get("reason")) == (3, 0, "incidents")
    assert august.get("others") == "Human rights monitoring missions in Central Mali"
    # Gao, December 2019: its only incidents, so high-risk; cantonment support is no operation.
    assert missed[("Gao", 2019, "Dec")].get("others") == "Support to cantonment and the DDR process"
    # Mopti, November and December 2019: high-risk, Operation Folon I runs: covered.
    assert ("Mopti", 2019, "Nov") not in missed and ("Mopti", 2019, "Dec") not in missed
    assert calendar.grid.is_high_risk("Mopti", 2019 * 12 + 10)
    assert calendar.grid.operations[("Mopti", 2019 * 12 + 10)] == ["Operation Folon I"]
    # November 2018 (Mopti, Ségou) is high-risk, but no activity of 2018/19 is recorded: not judged.
    assert ("Mopti", 2018, "Nov") not in missed and ("Ségou", 2018, "Nov") not in missed
    assert calendar.grid.is_high_risk("Mopti", 2018 * 12 + 10, FATALITIES)
    assert list(missed) == [("Gao", 2019, "Dec"), ("Mopti", 2019, "Aug")]
    assert calendar.high_risk_judged == 4  # Gao Dec; Mopti Aug, Nov, Dec 2019
    assert calendar.judged_spans == ["Jul 2019 – Jun 2020"]
    # the heat table marks the same months
    mopti_2019 = next(row for row in calendar.calendars[EVENTS].rows
                      if row.get("region") == "Mopti" and row.get("year") == 2019)
    assert mopti_2019.get("uncovered") == {"m8"}
    assert mopti_2019.get("high_risk") == {"m8", "m11", "m12"}
    assert mopti_2019.get("overlay")["m11"] == "operation" and mopti_2019.get("overlay")["m8"] == "activity"


def test_an_operation_in_the_month_covers_it_and_a_cancelled_one_does_not(db, incidents):
    mission, period = scope(db)
    db.add(Activity(mission_id=mission.id, period_id=period.id, ref="T-1", title="Gao escort", pillar=Pillar.MILITARY,
                    region="gao", starts_on=date(2019, 12, 1), ends_on=date(2019, 12, 31),
                    operation_name="Operation Made-up", status=ActivityStatus.CANCELLED))
    db.add(Activity(mission_id=mission.id, period_id=period.id, ref="T-2", title="Mopti patrols",
                    pillar=Pillar.POLICE, region="Mopti", starts_on=date(2019, 8, 10), ends_on=date(2019, 8, 20),
                    operation_name="Operation August"))
    db.commit()
    calendar = calendar_of(db, incidents)
    missed = [(row.get("region"), row.get("month")) for row in calendar.uncovered.rows]
    assert missed == [("Gao", "Dec")]  # cancelled: still uncovered; Mopti's August now covered
    laid_over = {row.get("ref"): row.get("laid_over") for row in calendar.activities.rows}
    assert laid_over["T-1"] == "Not laid over: cancelled" and laid_over["T-2"] == "Operation"


def test_the_percentile_is_a_setting(app, db, incidents):
    stricter = ReportSettings(variance_rule=plain_settings().variance_rule, money_unit=Decimal(1000),
                              translator=plain_settings().translator, high_risk_rule=HighRiskRule(percentile=90))
    calendar = calendar_of(db, incidents, stricter)
    # Mopti's 90th percentile is 4.7: August 2019 (3) is no longer high-risk.
    assert [(row.get("region"), row.get("month")) for row in calendar.uncovered.rows] == [("Gao", "Dec")]
    with pytest.raises(ValueError, match="between 0 and 100"):
        HighRiskRule(percentile=Decimal(101))
    app.config["THREAT_HIGH_RISK_PERCENTILE"] = Decimal(90)
    with app.test_request_context():
        assert report_settings().high_risk_rule == HighRiskRule(percentile=Decimal(90))


# The page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["admin", "officer", "reviewer", "leader"])
def test_every_role_reads_the_threat_calendar(client, incidents, user):
    login(client, user)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Threat calendar, MINUSMA" in page
    assert "33 incidents and 16 fatalities from 2 Nov 2018 to 31 Dec 2019." in page
    assert "2 high-risk months had no operation running in their region." in page
    uncovered = page.split('id="uncovered"')[1].split("</section>")[0]
    assert "Human rights monitoring missions in Central Mali" in uncovered
    assert 'data-plotly-figure="calendar-chart"' in page and 'data-plotly-figure="seasonal-chart"' in page
    assert f"/assets/plotly-{PLOTLY_JS_VERSION}.min.js" in page
    assert 'href="/m/MINUSMA/2019-20/reports/threat-calendar"' in page  # in the Reports menu


def test_the_page_toggles_to_fatalities(client, incidents):
    login(client, "leader")
    page = client.get(f"{PAGE}?measure=fatalities").get_data(as_text=True)
    assert "Fatalities by region and month" in page and "Fatalities month by month" in page
    assert "Fatalities per month" in page  # the colour bar of the chart
    assert 'aria-current="page" href="/m/MINUSMA/2019-20/reports/threat-calendar?measure=fatalities"' in page


def test_the_accessible_table_marks_operations_and_missed_months(client, incidents):
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    table = page.split('class="table table-sm report heat-table')[1].split("</table>")[0]
    mopti_2019 = table.split(">Mopti</span>")[1].split("</tr>")[0]  # Mopti's second row: 2019
    cells = re.findall(r"<td class=\"num[^\"]*\">(.*?)</td>", mopti_2019, flags=re.S)
    assert cells[0] == "2019"
    assert "3" in cells[8] and "high-risk month without an operation" in cells[8]  # August
    assert "5" in cells[11] and "operation running" in cells[11]  # November
    assert cells[-1] == "23"


def test_numbers_have_thousands_separators(client, db, demo):
    mission, _ = scope(db)
    add_made_up_incidents(db, mission.id, 1500, first=date(2019, 1, 1), last=date(2019, 1, 31))
    db.commit()
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert re.search(r"1,500 incidents and [\d,]+ fatalities from 1 Jan 2019 to 31 Jan 2019\.", page)


def empty_state_for(client, user: str) -> str:
    login(client, user)
    page = client.get(PAGE).get_data(as_text=True)
    assert "plotly" not in page  # no chart, no bundle to download
    empty = page.split('id="no-incidents"')[1].split("</div>")[0]
    assert "No incidents are recorded for MINUSMA yet." in empty
    client.post("/logout")
    return empty


def test_without_incidents_the_page_says_how_to_import_them_to_whom_may(client, demo):
    """Each role is told what it can do: an officer the import page, an administrator also the
    server's command, leadership and reviewers who imports the data (no link to an upload they
    are not offered)."""
    officer = empty_state_for(client, "officer")
    assert 'href="/m/MINUSMA/2019-20/incidents/"' in officer and "flask --app" not in officer
    admin = empty_state_for(client, "admin")
    assert 'href="/m/MINUSMA/2019-20/incidents/"' in admin
    assert "flask --app app cpas incidents-import FILE.csv --mission MINUSMA" in admin
    for reader in ("leader", "reviewer"):
        empty = empty_state_for(client, reader)
        assert "/incidents/" not in empty and "flask --app" not in empty
        assert "The mission's planning officers import incident data" in empty


def test_user_text_cannot_break_out_of_the_figure_data(client, db, incidents):
    mission, period = scope(db)
    db.add(Activity(mission_id=mission.id, period_id=period.id, ref="T-9", title="Odd", pillar=Pillar.JOINT,
                    region="Mopti", starts_on=date(2019, 8, 1), ends_on=date(2019, 8, 31),
                    operation_name="Op </script><script>alert(1)</script>"))
    db.commit()
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert re.search(r"Op \\u003c(\\u002f|/)script\\u003e", page)  # in the figure's JSON, escaped


def test_the_page_loads_nothing_from_outside(client, incidents):
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page) == []
    assert "cdn" not in page.lower()


def test_the_plotly_bundle_is_served_locally_and_cached(client, demo):
    login(client, "reviewer")
    response = client.get(f"/assets/plotly-{PLOTLY_JS_VERSION}.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.data.startswith(b"/**\n* plotly.js v" + PLOTLY_JS_VERSION.encode())
    assert "max-age=31536000" in response.headers["Cache-Control"]
    packed = client.get(f"/assets/plotly-{PLOTLY_JS_VERSION}.min.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and len(packed.data) < len(response.data) / 2
    again = client.get(f"/assets/plotly-{PLOTLY_JS_VERSION}.min.js",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/assets/plotly-0.0.1.min.js").status_code == 404
    assert client.get("/static/js/charts.js").status_code == 200


def test_the_page_makes_a_fixed_number_of_queries(app, client, db, incidents, count_queries):
    login(client, "reviewer")

    def count():
        with count_queries() as counter:
            assert client.get(PAGE).status_code == 200
        return counter.count

    few = count()
    add_made_up_incidents(db, incidents.id, 2000)
    mission, period = scope(db)
    for number in range(20):
        db.add(Activity(mission_id=mission.id, period_id=period.id, ref=f"Q-{number}", title="More",
                        pillar=Pillar.POLICE, region="Gao, Kidal", operation_name=f"Operation {number}"))
    db.commit()
    assert count() == few
    assert few <= 10


def test_the_page_lists_the_first_hundred_activities_and_the_workbook_them_all(client, db, incidents):
    mission, period = scope(db)
    recorded = db.scalar(select(func.count()).select_from(Activity).where(Activity.mission_id == mission.id))
    for number in range(120):
        db.add(Activity(mission_id=mission.id, period_id=period.id, ref=f"Z-{number:03d}", title=f"Listed {number}",
                        pillar=Pillar.POLICE, region="Gao", operation_name=f"Operation {number}" if number % 2 else ""))
    db.commit()
    login(client, "reviewer")
    page = client.get(PAGE).get_data(as_text=True)
    listed = page.split('id="activities-heading"')[1]
    assert listed.count("<tr class=\"row-detail") == 100
    assert f"The first 100 of {recorded + 120} activities are listed here;" in listed
    assert f'href="{PAGE}.xlsx">the Excel workbook lists them all</a>' in listed
    book = load_workbook(BytesIO(client.get(f"{PAGE}.xlsx").data))
    refs = [row[0] for row in book["Activities overlaid"].iter_rows(values_only=True)]
    assert "Z-000" in refs and "Z-119" in refs
    # The calendar lays every one of them over the months, not only those listed.
    assert "Operation 119" in page


# The workbook and the command --------------------------------------------------------------------


def sheet_rows(sheet, table_header_row):
    return [list(row) for row in sheet.iter_rows(min_row=table_header_row, values_only=True)]


def test_the_workbook_holds_incidents_by_month_as_numbers(client, incidents):
    login(client, "reviewer")
    response = client.get(f"{PAGE}.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("MINUSMA-threat-calendar.xlsx")
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["Incidents by month", "Incidents calendar", "Fatalities calendar",
                               "Seasonal incidents", "Seasonal fatalities", "High-risk, no operation",
                               "Activities overlaid"]
    rows = sheet_rows(book["Incidents by month"], 4)
    assert rows[0] == ["Region", "Year", "Month", "Event type", "Events", "Fatalities"]
    assert ["Mopti", 2019, 11, VAC, 2, 4] in rows
    assert len([row for row in rows[1:] if isinstance(row[1], int)]) == 19
    calendar = sheet_rows(book["Incidents calendar"], 5)
    mopti_2019 = next(row for row in calendar if row[:2] == ["Mopti", 2019])
    assert mopti_2019[2:14] == [2, 1, 1, 1, 1, 1, 1, 3, 1, 2, 5, 4]
    assert str(mopti_2019[14]).startswith("=SUM(C")  # the year's total, a live formula
    shading = book["Incidents calendar"].conditional_formatting  # one scale over the months: 9 regions × 2 years
    assert [str(rule.sqref) for rule in shading] == [" ".join(f"{letter}5:{letter}22" for letter in "CDEFGHIJKLMN")]
    seasonal = sheet_rows(book["Seasonal incidents"], 5)
    mopti = next(row for row in seasonal if row[0] == "Mopti")
    assert mopti[11] == 5.5 and book["Seasonal incidents"].cell(row=6, column=2).number_format == "#,##0.0"
    missed = sheet_rows(book["High-risk, no operation"], 4)
    assert missed[0][:5] == ["Region", "Year", "Month", "Events", "Fatalities"]
    assert missed[2][:5] == ["Mopti", 2019, "Aug", 3, 0]


def test_the_calendar_totals_calculate_in_a_spreadsheet(db, incidents):
    calendar = calendar_of(db, incidents)
    sheet = recalculated(build_report_workbook(calendar.sheets))["Incidents calendar"]
    totals = {(row[0], row[1]): row[14] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert totals[("Mopti", 2018)] == 7 and totals[("Mopti", 2019)] == 23
    assert totals == {(row.get("region"), row.get("year")): row.get("total") for row in calendar.calendars[EVENTS].rows}


def test_user_text_stays_text_in_the_workbook(db, incidents):
    mission, period = scope(db)
    db.add(Activity(mission_id=mission.id, period_id=period.id, ref="T-7", title='=HYPERLINK("http://x","y")',
                    pillar=Pillar.CIVILIAN, region="Mopti"))
    add_incident(db, mission, 999, "=1+2", date(2019, 5, 5), "Riots", 0)
    db.flush()
    count_incidents_by_month(db, mission)
    db.commit()
    book = load_workbook(BytesIO(build_report_workbook(calendar_of(db, incidents).sheets)))
    formulas = [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f" and not str(cell.value).startswith("=SUM(")]
    assert formulas == []
    titles = [cell.value for row in book["Activities overlaid"].iter_rows() for cell in row]
    assert '=HYPERLINK("http://x","y")' in titles
    regions = [row[0].value for row in book["Incidents by month"].iter_rows(min_row=5)]
    assert "=1+2" in regions


def test_report_export_writes_the_threat_calendar_without_a_period(runner, incidents, tmp_path):
    out = tmp_path / "calendar.xlsx"
    result = runner.invoke(args=["cpas", "report-export", "threat-calendar", "--mission", "MINUSMA",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    sheet = load_workbook(out)["Incidents by month"]
    table_header = HEADER_ROW  # a table without introduction lines
    assert [cell.value for cell in sheet[table_header]] == ["Region", "Year", "Month", "Event type", "Events",
                                                            "Fatalities"]
    assert [cell.value for cell in sheet[table_header + 1]] == ["Gao", 2019, 12, "Explosions/Remote violence", 1, 0]


def test_report_export_of_an_empty_mission_writes_empty_sheets(runner, demo, tmp_path):
    out = tmp_path / "empty.xlsx"
    result = runner.invoke(args=["cpas", "report-export", "threat-calendar", "--mission", "MINUSMA",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert [cell.value for cell in book["Incidents by month"][4]] == ["Region", "Year", "Month", "Event type",
                                                                     "Events", "Fatalities"]
    assert book["Incidents by month"].max_row <= 6  # the header and a note


def test_the_budget_reports_still_need_a_period(runner, demo, tmp_path):
    result = runner.invoke(args=["cpas", "report-export", "rbb", "--mission", "MINUSMA",
                                 "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code != 0 and "give --period" in result.output
