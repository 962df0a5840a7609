"""The CPAS impact assessment of a round, as a page that prints on A4 and as a workbook: on the
demo, the civilian deaths are off track, deteriorating and suggest Regression; drafts say they
are not approved; the money attributed to an outcome is the hand sum of its activities' shares;
the page's queries do not grow with the data."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from cpas.assessments.rounds import load_round
from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import (
    Activity,
    AssessmentStatus,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    DataPoint,
    Direction,
    ExpenditureClass,
    ImpactAssessment,
    ImpactIndicator,
    IndicatorTarget,
    MandatedTask,
    Mission,
    Outcome,
    Pillar,
    RatingLevel,
    Recommendation,
    RecommendationStatus,
    RegionalAggregation,
)
from cpas.money import split_evenly
from cpas.reports.assessment import build_assessment_report
from cpas.results.attribution import ActivityServingTask, attribute_to_outcomes
from cpas.results.services import progress_by_indicator
from tests.conftest import login
from tests.libreoffice import saved_by_libreoffice
from tests.report_settings import PLAIN_ENGLISH

BASE = "/m/MINUSMA/2019-20"
PAGE, WORKBOOK = f"{BASE}/reports/assessment", f"{BASE}/reports/assessment.xlsx"
ROOT = Path(__file__).resolve().parent.parent
SHEETS = ["Summary", "Indicators", "Findings", "Recommendations", "Resources", "Trends"]


def scope(db):
    return (db.scalar(select(Mission).where(Mission.code == "MINUSMA")),
            db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20")))


def signed_in(app, user_login):
    client = app.test_client()
    login(client, user_login)
    return client


def indicator_row(page: str, code: str) -> str:
    """The text of an indicator's row in the page's indicator table, tags stripped."""
    row = re.search(rf'<tr data-indicator="\d+">\s*<td>(?:<a [^>]*>)?{re.escape(code)} .*?</tr>', page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def the_round(db, today=date(2026, 1, 1)):
    mission, period = scope(db)
    return load_round(db, mission, period, today, Decimal(15))


def the_report(db, unit=Decimal(1)):
    return build_assessment_report(the_round(db), money_unit=unit, translator=PLAIN_ENGLISH)


@pytest.fixture
def drafted_round(db, demo):
    """A draft assessment of O1 for 2019 with three recommendations (one overdue), and budget
    lines of 2019/20 attributed to the activity serving O1's task and another."""
    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    levels = {level.code: level for level in db.scalars(select(RatingLevel))}
    assessment = ImpactAssessment(
        mission_id=outcome.mission_id, outcome=outcome, title="Protection of civilians in Central Mali, 2019",
        covers_from=date(2019, 1, 1), covers_to=date(2019, 12, 31), rating=levels["regression"],
        analysis="Deaths rose fourfold in 2018.", mission_contribution="Operation Folon I deterred attacks.",
        external_factors="State services withdrew from rural Mopti.")
    assessment.recommendations.extend([
        Recommendation(position=1, text="Plan a protection operation every November", owner="SPU",
                       due_on=date(2019, 10, 31), status=RecommendationStatus.OPEN),
        Recommendation(position=2, text="Deploy to Bandiagara", owner="Force HQ", due_on=date(2020, 9, 30),
                       status=RecommendationStatus.IN_PROGRESS),
        Recommendation(position=3, text="Train alert networks", owner="CAD", due_on=date(2019, 3, 31),
                       status=RecommendationStatus.DONE),
    ])
    db.add(assessment)
    db.commit()
    return assessment


@pytest.fixture
def funded(db, demo):
    """Hand-made money: A-001 (serving OP 21 and OP 28 (e)) gets lines of $1,000,000.01 and
    $500,000.00 approved (and a revised stage that does not count); a new activity serving only
    OP 21 gets $1,000.01. O1, linked to OP 21, is attributed half of A-001 (the odd cent to the
    first task, OP 21) and all of the new one: 750,000.01 + 1,000.01 = 751,000.02."""
    mission, period = scope(db)
    # The demo's own lines are linked to its activities (illustratively): unlinked here, so that
    # the sum is the hand sum of these lines alone.
    db.execute(update(BudgetLine).where(BudgetLine.mission_id == mission.id).values(activity_id=None))
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 21"))
    classes = db.scalars(select(ExpenditureClass).order_by(ExpenditureClass.id)).all()
    operation = db.scalar(select(Activity).where(Activity.ref == "A-001"))
    only_poc = Activity(mission_id=mission.id, period_id=period.id, ref="A-009", title="Early warning in Mopti",
                        pillar=Pillar.CIVILIAN, starts_on=date(2019, 8, 1))
    db.add(only_poc)
    only_poc.tasks.append(task)
    earlier = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    for ref, activity, line_period, stage, amount in (
        ("Z-1", operation, period, BudgetStage.APPROVED, "1000000.01"),
        ("Z-2", operation, period, BudgetStage.APPROVED, "500000.00"),
        ("Z-3", operation, period, BudgetStage.REVISED, "9999999.00"),
        ("Z-4", only_poc, period, BudgetStage.APPROVED, "1000.01"),
        ("Z-5", operation, earlier, BudgetStage.APPROVED, "123456.00"),  # another period: not counted
    ):
        line = BudgetLine(mission_id=mission.id, period_id=line_period.id, class_id=classes[0].id, ref=ref,
                          activity=activity)
        line.amounts.append(BudgetAmount(stage=stage, amount=Decimal(amount)))
        db.add(line)
    db.commit()
    return Decimal("751000.02")


# The demo ---------------------------------------------------------------------------------------


def test_the_demo_page_shows_the_civilian_deaths_deteriorating_off_track_and_suggesting_regression(app, demo):
    page = signed_in(app, "officer").get(PAGE).get_data(as_text=True)
    row = indicator_row(page, "O1.1")
    assert row.startswith("O1.1 Civilian deaths from violence against civilians deaths · Lower is better")
    assert "71 31 Dec 2016" in row and "50 30 Jun 2020" in row and "815 31 Dec 2018" in row
    assert "Off track" in row and "↘ Deteriorating" in row and "Not fresh for a yearly indicator" in row
    assert row.endswith("Regression")
    assert "NOT YET APPROVED by leadership. Outcomes without an approved assessment in this round: 1 of 1." in page
    assert "Not yet assessed in this round" in page and 'id="approval-stamp">Not yet approved<' in page


def test_the_cli_exports_the_demo_assessment_with_its_sheets_row_and_chart(runner, demo, tmp_path):
    out = tmp_path / "assessment.xlsx"
    result = runner.invoke(args=["cpas", "report-export", "assessment", "--mission", "MINUSMA",
                                 "--period", "2019/20", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    indicators = book["Indicators"]
    headings = [cell.value for cell in indicators[excel_row_of_header(indicators)]]
    row = next(row for row in indicators.iter_rows(values_only=True) if str(row[0]).startswith("O1.1 "))
    values = dict(zip(headings, row, strict=False))
    assert values["Baseline"] == 71 and values["Target"] == 50 and values["Latest value"] == 815
    assert values["Latest date"].date() == date(2018, 12, 31)
    assert values["On or off track"] == "Off track" and values["Trend"] == "Deteriorating"
    assert values["Suggested rating"] == "Regression"
    assert book["Summary"]["A2"].value.startswith("United Nations Multidimensional")
    charts = book["Trends"]._charts
    assert len(charts) == 1 and charts[0].tagname == "lineChart"
    references = [series.val.numRef.f for series in charts[0].series]
    assert references == ["'Trends'!$C$6:$C$9", "'Trends'!$D$6:$D$9"]  # values and target path, four dates
    trend = [[cell.value for cell in row] for row in book["Trends"].iter_rows(min_row=6, max_row=9, min_col=2,
                                                                            max_col=4)]
    assert [(day.date(), value, path) for day, value, path in trend] == [
        (date(2016, 12, 31), 71, 71), (date(2017, 12, 31), 192, None), (date(2018, 12, 31), 815, None),
        (date(2020, 6, 30), None, 50)]


def excel_row_of_header(sheet) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == "Impact indicator")


# Status, findings and recommendations -----------------------------------------------------------


def test_a_draft_says_it_is_not_approved_and_an_approved_round_says_so(app, db, drafted_round):
    officer = signed_in(app, "officer")
    page = officer.get(PAGE).get_data(as_text=True)
    assert "Draft — not approved by leadership" in page
    assert '<div class="watermark" aria-hidden="true">NOT YET APPROVED</div>' in page
    assert "Deaths rose fourfold in 2018." in page and "Operation Folon I deterred attacks." in page
    overdue = re.search(r'<tr class="overdue">.*?</tr>', page, re.S).group(0)
    assert "Plan a protection operation every November" in overdue and "Overdue" in overdue
    assert page.count('class="overdue"') == 1  # the late one done, the other not yet due
    drafted_round.status = AssessmentStatus.APPROVED
    db.commit()
    page = officer.get(PAGE).get_data(as_text=True)
    assert 'id="approval-stamp">Approved by leadership<' in page and "watermark" not in page
    assert "Approved: leadership approved the assessment of every outcome of this round." in page


def test_the_round_judges_an_assessed_outcome_as_of_the_end_of_its_assessment(db, drafted_round):
    db.add(DataPoint(indicator_id=db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.code == "O1.1")),
                     observed_on=date(2020, 3, 31), value=Decimal(40)))  # after the assessment's end
    db.commit()
    outcome = the_round(db).outcomes[0]
    assert outcome.as_of == date(2019, 12, 31) and outcome.assessment.id == drafted_round.id
    assert outcome.indicators[0].progress.latest.value == Decimal(815)
    assert outcome.suggested.code == "regression"


def test_only_the_latest_assessment_ending_within_the_period_is_the_rounds(db, drafted_round):
    outcome = drafted_round.outcome
    for title, starts, ends in (("First half", date(2019, 7, 1), date(2019, 9, 30)),
                                ("Before the period", date(2018, 7, 1), date(2019, 6, 30))):
        db.add(ImpactAssessment(mission_id=outcome.mission_id, outcome=outcome, title=title, covers_from=starts,
                                covers_to=ends))
    db.commit()
    in_round = the_round(db).outcomes[0]
    assert in_round.assessment.title == drafted_round.title and in_round.earlier_assessments == 1


# Money ------------------------------------------------------------------------------------------


def test_split_evenly_is_exact_to_the_cent():
    assert split_evenly(Decimal("100.00"), 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert split_evenly(Decimal("0.01"), 2) == [Decimal("0.01"), Decimal("0.00")]
    assert sum(split_evenly(Decimal("1500000.01"), 7)) == Decimal("1500000.01")


def test_no_dollar_counts_twice_when_activities_and_outcomes_share_tasks():
    activities = [ActivityServingTask(1, "A-1", "Patrols", task_id, Decimal("100.00")) for task_id in (10, 20, 30)]
    activities.append(ActivityServingTask(2, "A-2", "Dialogue", 20, Decimal("10.00")))
    money = attribute_to_outcomes({1: 10, 2: 10, 3: 20, 4: None}, activities)
    assert money[1].attributed == Decimal("16.67") and money[2].attributed == Decimal("16.67")  # 33.34 halved
    assert money[3].attributed == Decimal("43.33")  # 33.33 of A-1 and all of A-2
    assert money[4].attributed == 0 and money[4].activities == []
    assert sum(each.attributed for each in money.values()) == Decimal("110.00") - Decimal("33.33")  # task 30: none
    assert [(share.tasks_served, share.outcomes_sharing_task) for share in money[1].activities] == [(3, 2)]


def test_money_per_outcome_is_the_hand_sum_on_the_page_the_results_and_the_workbook(app, db, funded):
    report = the_report(db)
    assert report.round.outcomes[0].money.attributed == funded
    resources = {row.get("activity"): row for row in report.resources.rows}
    assert resources["A-001 Integrated operation to protect civilians in Mopti and Ségou"].get("attributed") == \
        Decimal("750000.01")
    assert resources["A-009 Early warning in Mopti"].get("division") == "whole"
    assert resources["Attributed to O1"].get("attributed") == funded
    reviewer = signed_in(app, "reviewer")
    assert "$751,000" in reviewer.get(PAGE).get_data(as_text=True)
    results = reviewer.get(f"{BASE}/results/").get_data(as_text=True)
    money = re.search(r'id="money-\d+">.*?</details>', results, re.S).group(0)
    assert "$751,000" in money and "Derived" in money and "divided equally among them" in money


@pytest.mark.filterwarnings("ignore:Unable to read chart")  # openpyxl cannot parse the dates LibreOffice caches
def test_the_workbook_recalculates_in_libreoffice_and_keeps_its_charts(db, drafted_round, funded):
    report = the_report(db)
    data = build_report_workbook(report.sheets)
    formulas = load_workbook(BytesIO(data))
    total_row = excel_row(report.summary, len(report.summary.rows) - 1)
    assert formulas["Summary"].cell(row=total_row, column=7).value.startswith("=SUM(")
    saved = saved_by_libreoffice(data)
    book = load_workbook(BytesIO(saved), data_only=True)
    assert book.sheetnames == SHEETS
    assert Decimal(str(book["Summary"].cell(row=total_row, column=7).value)) == funded  # =SUM() recalculated
    subtotal = next(index for index, row in enumerate(report.resources.rows) if row.kind.value == "subtotal")
    assert Decimal(str(book["Resources"].cell(row=excel_row(report.resources, subtotal), column=4).value)) == funded
    with ZipFile(BytesIO(saved)) as archive:
        charts = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 1 and "<c:lineChart>" in charts[0]
    assert "Trends!$C$6:$C$9" in charts[0] and "Trends!$D$6:$D$9" in charts[0]


# Reading the data in bulk -----------------------------------------------------------------------


def add_indicators(db, outcome, count, start=0):
    """Indicators with targets, yearly values, and regional values that add up on one date and not
    on another."""
    for number in range(start, start + count):
        indicator = ImpactIndicator(outcome_id=outcome.id, code=f"{outcome.code}.{number + 10}",
                                    name=f"Indicator {number}", direction=Direction.HIGHER_IS_BETTER,
                                    baseline_value=Decimal(10), baseline_on=date(2016, 12, 31), frequency="Yearly",
                                    regional_aggregation=RegionalAggregation.SUM)
        indicator.targets.append(IndicatorTarget(target_on=date(2020, 6, 30), value=Decimal(20 + number)))
        for year in range(2016, 2020):
            day = date(year, 12, 31)
            indicator.data_points.append(DataPoint(observed_on=day, value=Decimal(10 + (year * number) % 7)))
            indicator.data_points.append(DataPoint(observed_on=day, region="Mopti", value=Decimal(4)))
            indicator.data_points.append(DataPoint(observed_on=day, region="Gao",
                                                   value=Decimal(6 + (year * number) % 7 + (year == 2017))))
        db.add(indicator)


def test_the_rounds_progress_is_the_results_pages_progress(db, demo):
    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    add_indicators(db, outcome, 6)
    db.commit()
    as_of = date(2020, 6, 30)
    in_round = {indicator.id: indicator.progress for indicator in the_round(db).outcomes[0].indicators}
    db.expire_all()
    on_the_results_page = progress_by_indicator(db, [db.scalar(select(Outcome).where(Outcome.code == "O1"))], as_of,
                                                Decimal(15))
    assert in_round == on_the_results_page
    assert sum(len(progress.mismatches) for progress in in_round.values()) == 6  # 2017 of each new one


def test_the_regions_check_names_the_latest_date_they_do_not_add_up_and_on_how_many(app, db, demo):
    """Page and workbook alike: not one sentence for each date (a monthly series would fill the page)."""
    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    indicator = ImpactIndicator(outcome_id=outcome.id, code="O1.90", name="Regions off",
                                direction=Direction.LOWER_IS_BETTER, regional_aggregation=RegionalAggregation.SUM)
    for year in (2016, 2017, 2018, 2019):
        day = date(year, 12, 31)
        indicator.data_points += [DataPoint(observed_on=day, value=Decimal(10)),
                                  DataPoint(observed_on=day, region="Gao", value=Decimal(year - 2010))]
    db.add(indicator)
    db.commit()
    page = signed_in(app, "officer").get(PAGE).get_data(as_text=True)
    assert "On 31 Dec 2019 the regions add up to 9, not 10: the latest of 4 dates where they do not" in page
    assert "On 31 Dec 2018 the regions add up to" not in page
    sheet = load_workbook(BytesIO(signed_in(app, "officer").get(WORKBOOK).data))["Indicators"]
    regions = [row[14] for row in sheet.iter_rows(values_only=True) if row[0] == "O1.90 Regions off"]
    assert regions == ["On 31 Dec 2019 the regions add up to 9, not 10: the latest of 4 dates where they do not"]


def test_the_page_and_workbook_make_as_many_queries_with_much_more_data(app, db, drafted_round, funded,
                                                                        count_queries):
    officer = signed_in(app, "officer")

    def counts():
        measured = {}
        for path in (PAGE, WORKBOOK):
            with count_queries() as counter:
                assert officer.get(path).status_code == 200
            measured[path] = counter.count
        return measured

    small = counts()
    mission, period = scope(db)
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 20"))
    rating = db.scalar(select(RatingLevel).where(RatingLevel.code == "no_progress"))
    for number in range(12):
        outcome = Outcome(mission_id=mission.id, code=f"P{number}", title=f"Outcome {number}", mandated_task=task)
        db.add(outcome)
        db.flush()
        add_indicators(db, outcome, 3)
        assessment = ImpactAssessment(mission_id=mission.id, outcome=outcome, title=f"Round {number}", rating=rating,
                                      covers_from=date(2019, 7, 1), covers_to=date(2020, 6, 30))
        assessment.recommendations.append(Recommendation(position=1, text="Act", due_on=date(2020, 1, 1)))
        db.add(assessment)
    db.commit()
    assert counts() == small
    assert small[PAGE] <= 20


# Rules of every export --------------------------------------------------------------------------


def test_user_text_never_becomes_a_formula_in_the_assessment_workbook(db, drafted_round):
    drafted_round.analysis = '=HYPERLINK("http://example.invalid","click")'
    drafted_round.recommendations[0].text = "=1+2"
    drafted_round.outcome.indicators[0].name = "=cmd|' /C calc'!A0"
    db.commit()
    book = load_workbook(BytesIO(build_report_workbook(the_report(db).sheets)))
    planted = [cell for sheet in book for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, str) and cell.value.startswith(("=HYPERLINK", "=1+2", "O1.1 =cmd", "=cmd"))]
    assert len(planted) >= 4  # the analysis, the recommendation, the indicator on two sheets
    assert all(cell.data_type == "s" for cell in planted)


def test_every_reading_role_may_read_the_page_and_the_workbook_and_none_may_post(app, demo):
    for user_login in ("admin", "officer", "reviewer", "leader"):
        client = signed_in(app, user_login)
        assert client.get(PAGE).status_code == 200, user_login
        download = client.get(WORKBOOK)
        assert download.status_code == 200 and download.data[:2] == b"PK", user_login
        assert client.post(PAGE).status_code == 405 and client.post(WORKBOOK).status_code == 405
    anonymous = app.test_client()
    assert anonymous.get(PAGE).location.startswith("/login")
    assert anonymous.get(WORKBOOK).location.startswith("/login")
    assert signed_in(app, "reviewer").get("/m/NOPE/2019-20/reports/assessment").status_code == 404


def test_the_page_prints_on_a4_without_navigation_and_rows_kept_whole(app, demo):
    page = signed_in(app, "leader").get(PAGE + "?lang=fr").get_data(as_text=True)
    assert 'href="/static/css/assessment.css"' in page and 'class="toolbar no-print' in page
    assert 'content: counter(page) " / " counter(pages)' in page
    css = (ROOT / "static" / "css" / "assessment.css").read_text()
    assert "@page { size: A4;" in css
    printed = css[css.index("@media print"):]
    assert ".cpas-navbar, footer.border-top, .no-print" in printed and "display: none" in printed
    assert "break-inside: avoid" in printed and "thead { display: table-header-group; }" in printed


def summary_rows(page: str) -> dict[str, str]:
    """{outcome code: the text of its row in the summary}."""
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r'<tr><td><a href="[^"]*#outcome-\d+">(.*?)</tr>', page, re.S)]
    return {row.split()[0]: row for row in rows}


def test_a_large_round_is_shown_five_outcomes_a_page_and_all_at_once_to_print(app, db, demo):
    mission, _period = scope(db)
    for number in range(12):
        outcome = Outcome(mission_id=mission.id, code=f"P{number:02d}", title=f"Outcome {number}")
        db.add(outcome)
        db.flush()
        add_indicators(db, outcome, 2)
    db.commit()
    leader = signed_in(app, "leader")
    first, second, third, every = (leader.get(f"{PAGE}?page={page}").get_data(as_text=True)
                                   for page in (1, 2, 3, "all"))
    sections = [len(re.findall(r'<section class="outcome"', page)) for page in (first, second, third, every)]
    assert sections == [5, 5, 3, 13]
    for page in (first, second, third, every):  # the summary always holds every outcome
        assert len(re.findall(r'<tr><td><a href="[^"]*#outcome-\d+">', page)) == 13
    assert f'href="{PAGE}?page=2#outcome-' in first and "Outcomes 1 to 5 of 13 in detail below." in first
    assert f'href="{PAGE}?page=all"' in first and "5 outcomes a page" in every
    on_their_pages = {**summary_rows(first), **summary_rows(second), **summary_rows(third)}
    assert on_their_pages == summary_rows(every)  # a page's summary judges every outcome as the whole round does


def test_the_last_values_are_sought_per_indicator_up_to_its_date_of_judgement(db, drafted_round):
    from cpas.assessments.queries import round_cutoffs
    from cpas.results.queries import latest_values

    outcome = drafted_round.outcome  # assessed to 2019-12-31
    indicator = ImpactIndicator(outcome_id=outcome.id, code="O1.9", name="Monthly",
                                direction=Direction.HIGHER_IS_BETTER)
    months = [date(2017 + month // 12, 1 + month % 12, 28) for month in range(40)]  # to 2020-04-28
    indicator.data_points.extend(DataPoint(observed_on=day, value=Decimal(number)) for number, day in enumerate(months))
    indicator.data_points.extend(DataPoint(observed_on=day, region="Mopti", value=Decimal(1)) for day in months[-12:])
    db.add(indicator)
    db.commit()
    mission, period = scope(db)
    values = latest_values(db, mission.id, round_cutoffs(mission.id, period), date(2020, 6, 30), 24)
    judged = [day for day in months if day <= date(2019, 12, 31)]
    assert [value.on for value in values[indicator.id]] == judged[-24:]
    assert [value.value for value in values[indicator.id]] == [Decimal(number) for number in range(12, 36)]
    deaths = values[outcome.indicators[0].id]
    assert [value.value for value in deaths] == [Decimal(71), Decimal(192), Decimal(815)]  # fewer than 24: all
