"""The stage-to-stage adjustment columns a reviewer selects on the financial resources page: the
ACABQ adjustment (recommended − proposed, per cent of the proposal) and the General Assembly
adjustment (approved − recommended, per cent of the recommendation). Demo figures: the ACABQ cut
$3,720,900 and the General Assembly a further $7,600,000 (CIVIC; the split across classes is
illustrative)."""

from decimal import Decimal

from sqlalchemy import select

from cpas.exports.report_workbook import excel_row
from cpas.models import BudgetAmount, BudgetLine, BudgetStage, ExpenditureClass
from cpas.reports.assembly import financial_report
from cpas.reports.financial import gross_requirements_index, selected_adjustments
from tests.conftest import login
from tests.libreoffice import all_recalculated
from tests.report_settings import plain_settings
from tests.test_financial_below_gross import mission_and_period

BUDGET = "/m/MINUSMA/2019-20/budget/"
ADJUSTMENT_KEYS = ["acabq_adjustment", "acabq_adjustment_percent", "assembly_adjustment",
                   "assembly_adjustment_percent"]


def column_keys(table) -> list[str]:
    return [column.key for column in table.columns]


def rows_by_name(table) -> dict:
    return {row.get("class"): row for row in table.rows}


def test_by_default_the_table_has_no_adjustment_column(client, db, demo):
    mission, period = mission_and_period(db)
    table = financial_report(db, mission, period, plain_settings()).table
    assert not set(ADJUSTMENT_KEYS) & set(column_keys(table))
    login(client, "reviewer")
    page = client.get(BUDGET).get_data(as_text=True)
    assert "ACABQ adjustment (2019/20)" not in page
    # The form offers both, unchecked, each checkbox with its label.
    assert 'id="adjustment-acabq"' in page and 'for="adjustment-acabq"' in page and " checked" not in page


def test_the_selected_adjustments_are_exact_and_blank_where_a_stage_is_not_recorded(db, demo):
    mission, period = mission_and_period(db)
    table = financial_report(db, mission, period, plain_settings(), ("acabq", "assembly")).table
    assert column_keys(table)[-4:] == ADJUSTMENT_KEYS  # last: the other columns keep their letters
    rows = rows_by_name(table)
    gross = rows["Gross requirements"]
    assert gross.get("acabq_adjustment") == Decimal("-3720900.00")
    assert gross.get("acabq_adjustment_percent") == Decimal("-0.32")  # ÷ 1,149,778,800
    assert gross.get("assembly_adjustment") == Decimal("-7600000.00")
    assert gross.get("assembly_adjustment_percent") == Decimal("-0.66")  # ÷ 1,146,057,900
    staff = rows["International staff"]  # 176,400,000 proposed, cut 1,500,000 by each
    assert staff.get("acabq_adjustment") == staff.get("assembly_adjustment") == Decimal("-1500000.00")
    assert staff.get("acabq_adjustment_percent") == Decimal("-0.85")
    assert rows["Net requirements"].get("assembly_adjustment") == Decimal("-7600000.00")
    assert rows["Staff assessment income"].get("acabq_adjustment") == Decimal("0.00")
    # 2018/19 has neither proposal nor recommendation: blank, not nil.
    mission, previous = mission_and_period(db, "2018/19")
    before = rows_by_name(financial_report(db, mission, previous, plain_settings(), ("acabq", "assembly")).table)
    assert before["Gross requirements"].get("acabq_adjustment") is None
    assert before["Military contingents"].get("assembly_adjustment") is None


def test_a_subtotal_has_no_adjustment_while_a_class_lacks_one_of_its_stages(db, demo):
    mission, period = mission_and_period(db)
    travel = db.scalar(select(BudgetAmount).join(BudgetAmount.line)
                       .join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id)
                       .where(ExpenditureClass.code == "official_travel", BudgetLine.period_id == period.id,
                              BudgetAmount.stage == BudgetStage.RECOMMENDED))
    db.delete(travel)
    db.flush()
    rows = rows_by_name(financial_report(db, mission, period, plain_settings(), ("acabq",)).table)
    assert rows["Official travel"].get("acabq_adjustment") is None
    operational = rows["Subtotal, Operational costs"]
    assert operational.get("acabq_adjustment") is None and "acabq_adjustment" in operational.withheld
    assert "acabq_adjustment" in rows["Gross requirements"].withheld
    assert rows["Subtotal, Civilian personnel"].get("acabq_adjustment") == Decimal("-1500000.00")


def test_a_crafted_query_string_shows_the_known_columns_once_and_ignores_the_rest(client, demo):
    assert selected_adjustments(["assembly", "bogus", "acabq", "acabq", ""]) == ("acabq", "assembly")
    login(client, "reviewer")
    response = client.get(BUDGET + "?adjustment=assembly&adjustment=bogus&adjustment=%3Cscript%3Ealert(1)"
                                   "%3C%2Fscript%3E&adjustment=acabq&adjustment=acabq&adjustment=")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("ACABQ adjustment (2019/20): recommended − proposed") == 1
    assert page.count("General Assembly adjustment (2019/20): approved − recommended") == 1
    # Only the language switch repeats the address, escaped; the page's own content ignores the rest.
    content = page[page.index("<h1"):]
    assert "bogus" not in content and "script%3E" not in content and "<script>alert" not in page
    assert content.count('<th scope="col"') == 10 + 4  # no expenditure yet: no performance variance
    assert 'value="acabq" id="adjustment-acabq" checked' in page
    # The selection is carried into the workbook download and the unit links.
    assert "/reports/rbb.xlsx?adjustment=acabq&amp;adjustment=assembly" in page
    assert "unit=dollars&amp;adjustment=acabq&amp;adjustment=assembly" in page


def test_the_page_makes_the_same_queries_with_and_without_the_adjustment_columns(client, demo, count_queries):
    login(client, "reviewer")
    client.get(BUDGET)  # the first request of a session warms what it caches
    counts = []
    for address in (BUDGET, BUDGET + "?adjustment=acabq&adjustment=assembly", BUDGET + "?adjustment=acabq"):
        with count_queries() as counter:
            assert client.get(address).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2]


def test_the_workbook_recalculates_the_adjustments_to_the_dollar_of_the_page(client, db, demo):
    mission, period = mission_and_period(db)
    table = financial_report(db, mission, period, plain_settings(Decimal(1)), ("acabq", "assembly")).table
    login(client, "reviewer")
    query = "?unit=dollars&adjustment=acabq&adjustment=assembly"
    page = client.get(BUDGET + query).get_data(as_text=True)
    (book,) = all_recalculated([client.get("/m/MINUSMA/2019-20/reports/rbb.xlsx" + query).data])
    sheet = book["Financial resources"]
    columns = column_keys(table)
    checked = 0
    for index, row in enumerate(table.rows):
        for key in ADJUSTMENT_KEYS:
            if row.kind.value == "heading":
                continue
            shown = sheet.cell(row=excel_row(table, index), column=columns.index(key) + 1).value
            expected = row.get(key)
            if expected is None:
                assert shown in (None, ""), (row.get("class"), key, shown)
                continue
            checked += 1
            if key.endswith("_percent"):
                assert (Decimal(str(shown)) * 100).quantize(Decimal("0.01")) == expected, (row.get("class"), key)
            else:
                assert Decimal(str(shown)) == expected, (row.get("class"), key)
    assert checked > 40
    gross_index = gross_requirements_index(table)
    gross_acabq = sheet.cell(row=excel_row(table, gross_index), column=columns.index("acabq_adjustment") + 1).value
    assert Decimal(str(gross_acabq)) == Decimal("-3720900")
    assert ">(3,720,900)<" in page and ">(7,600,000)<" in page
    assert ">(0.32%)<" in page and ">(0.66%)<" in page  # their percentages, in parentheses as they are
    # The staff assessment, the same at both stages: an adjustment of nil, which is not a blank.
    assert sheet.cell(row=excel_row(table, gross_index + 1),
                      column=columns.index("acabq_adjustment") + 1).value == 0
