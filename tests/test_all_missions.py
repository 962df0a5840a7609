"""Every mission of a budget period side by side (issue 13): each stage's total, the gaps, the
approved budget by group, expenditure and utilization, exact to the cent; sorting; who may see
it; the workbook's formulas; a fixed number of queries whatever the number of missions."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from cpas.auth.services import create_user
from cpas.exports.report_workbook import excel_row
from cpas.models import (
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    Mission,
    MissionRole,
    Role,
)
from cpas.money import percent
from cpas.reports.all_missions import Sorting, build_all_missions, group_key, sorting
from cpas.reports.assembly import all_missions_report, financial_report
from cpas.reports.financial import gross_requirements
from cpas.reports.queries import groups_in_order
from cpas.tables import RowKind
from tests.conftest import login
from tests.libreoffice import recalculated
from tests.report_settings import PLAIN_ENGLISH, plain_settings

PAGE = "/all-missions/2019-20"
D = Decimal
# A second mission's 2019/20 budget, in cents: {class code: (proposed, recommended, approved, expenditure)}.
MINUSCA_2019_20 = {
    "military_contingents": (D("500000.25"), D("480000.10"), D("470000.05"), D("400000.01")),
    "national_staff": (D("100000.50"), D("100000.50"), D("99999.99"), D("90000.00")),
    "air_operations": (D("250000.75"), D("240000.00"), D("240000.00"), D("200000.99")),
}
STAGES = (BudgetStage.PROPOSED, BudgetStage.RECOMMENDED, BudgetStage.APPROVED, BudgetStage.EXPENDITURE)


def period_2019(db) -> BudgetPeriod:
    return db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))


def add_mission(db, code: str, budget: dict | None = None, scale: int = 1) -> Mission:
    """A mission with a 2019/20 budget (``budget``, each amount times ``scale``); committed."""
    mission = Mission(code=code, name=f"Made-up mission {code}", country="Nowhere")
    db.add(mission)
    db.flush()
    period = period_2019(db)
    classes = {c.code: c for c in db.scalars(select(ExpenditureClass))}
    for position, (class_code, amounts) in enumerate((budget or MINUSCA_2019_20).items()):
        line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=classes[class_code].id,
                          ref=f"T-{position}")
        for stage, amount in zip(STAGES, amounts, strict=True):
            if amount is not None:
                line.amounts.append(BudgetAmount(stage=stage, amount=amount * scale))
        db.add(line)
    db.commit()
    return mission


@pytest.fixture
def minusca(db, demo):
    return add_mission(db, "MINUSCA")


class TableCells(HTMLParser):
    """The text of each cell of the page's report table, row by row, and its header links."""

    def __init__(self):
        super().__init__()
        self.rows, self.headers, self._cell, self._in_head = [], [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append((attrs.get("class", ""), []))
        elif tag in ("td", "th"):
            self._cell = ""
            if self._in_head:
                self.headers.append({"sort": attrs.get("aria-sort"), "href": None, "text": ""})
        elif tag == "a" and self._in_head and self.headers:
            self.headers[-1]["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            if self._in_head:
                self.headers[-1]["text"] = self._cell.strip()
            elif self.rows:
                self.rows[-1][1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def page_table(client, url) -> TableCells:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = TableCells()
    parser.feed(response.get_data(as_text=True))
    return parser


def report(app, db, missions=None, sort=None, order=None, unit="dollars"):
    missions = missions or db.scalars(select(Mission).order_by(Mission.code)).all()
    with app.test_request_context():
        return all_missions_report(db, missions, period_2019(db), plain_settings(D(1) if unit == "dollars"
                                                                                  else D(1000)), sort, order)


def rows_by_mission(table):
    return {row.get("mission"): row for row in table.rows}


def test_totals_gaps_and_groups_are_exact_to_the_cent(app, db, minusca):
    table = report(app, db).table
    rows = rows_by_mission(table)
    minusma, other, total = rows["MINUSMA"], rows["MINUSCA"], rows["Total"]
    # The demo: the request, the ACABQ's recommendation and the appropriation of 2019/20, and the cuts.
    assert (minusma.get("proposed"), minusma.get("recommended"), minusma.get("approved")) == (
        D("1149778800"), D("1146057900"), D("1138457900"))
    assert (minusma.get("acabq_adjustment"), minusma.get("assembly_adjustment"),
            minusma.get("approved_minus_proposed")) == (D("-3720900"), D("-7600000"), D("-11320900"))
    assert minusma.get("expenditure") is None and minusma.get("utilization") is None
    # The second mission, to the cent.
    assert (other.get("proposed"), other.get("recommended"), other.get("approved"), other.get("expenditure")) == (
        D("850001.50"), D("820000.60"), D("810000.04"), D("690001.00"))
    assert (other.get("acabq_adjustment"), other.get("assembly_adjustment"), other.get("approved_minus_proposed")) \
        == (D("-30000.90"), D("-10000.56"), D("-40001.46"))
    assert other.get("utilization") == percent(D("690001.00"), D("810000.04")) == D("85.19")
    groups = {group.code: group for group in groups_in_order(db)}
    assert [other.get(group_key(groups[code])) for code in ("military_police_personnel", "civilian_personnel",
                                                             "operational_costs")] == [
        D("470000.05"), D("99999.99"), D("240000.00")]
    # The total row over both missions; its utilization is withheld: MINUSMA records no expenditure.
    assert (total.kind, total.get("proposed"), total.get("recommended"), total.get("approved"),
            total.get("expenditure")) == (RowKind.TOTAL, D("1150628801.50"), D("1146877900.60"),
                                          D("1139267900.04"), D("690001.00"))
    assert (total.get("acabq_adjustment"), total.get("assembly_adjustment"), total.get("approved_minus_proposed")) \
        == (D("-3750900.90"), D("-7610000.56"), D("-11360901.46"))
    assert total.get("utilization") is None and "utilization" in total.withheld
    assert any("left blank while some missions record only one" in note for note in table.notes)


def test_each_mission_agrees_with_its_financial_resources(app, db, minusca):
    """A mission's stage totals are its financial resources' gross requirements, its groups their subtotals."""
    rows = rows_by_mission(report(app, db).table)
    period = period_2019(db)
    groups = groups_in_order(db)
    for mission in db.scalars(select(Mission)):
        financial = financial_report(db, mission, period, plain_settings(D(1))).table
        gross = gross_requirements(financial)
        for key in ("proposed", "recommended", "approved", "expenditure"):
            assert rows[mission.code].get(key) == gross.get(key), (mission.code, key)
        subtotals = financial.rows_of_kind(RowKind.SUBTOTAL)
        assert [rows[mission.code].get(group_key(group)) for group in groups] == [
            subtotal.get("approved") for subtotal in subtotals]
        assert sum(rows[mission.code].get(group_key(group)) or 0 for group in groups) == gross.get("approved")


def test_the_page_shows_the_figures_in_dollars_and_thousands(client, minusca):
    login(client, "reviewer")
    parsed = page_table(client, PAGE + "?unit=dollars")
    cells = {row[0]: row for _, row in parsed.rows}
    headings = [header["text"] for header in parsed.headers]
    column = {heading: index for index, heading in enumerate(headings)}
    minusma = cells["MINUSMA"]
    assert minusma[column["Proposed"]] == "1,149,778,800"
    assert minusma[column["ACABQ adjustment"]] == "(3,720,900)"
    assert minusma[column["General Assembly adjustment"]] == "(7,600,000)"
    assert minusma[column["Approved − proposed"]] == "(11,320,900)"
    assert cells["MINUSCA"][column["Utilization rate"]] == "85.19%"
    assert cells["Total"][column["Approved"]] == "1,139,267,900"
    assert "I. Military and police personnel (approved)" in headings
    in_thousands = {row[0]: row for _, row in page_table(client, PAGE).rows}
    assert in_thousands["MINUSMA"][column["Approved"]] == "1,138,458"
    page = client.get(PAGE).get_data(as_text=True)
    assert "(Thousands of United States dollars)" in page
    assert 'href="/m/MINUSMA/2019-20/budget/"' in page  # each mission links to its financial resources
    assert 'class="num"' in page


@pytest.mark.parametrize(("sort", "order", "expected"), [
    (None, None, ["MINUSCA", "MINUSMA", "ZZMIN"]),
    ("mission", "desc", ["ZZMIN", "MINUSMA", "MINUSCA"]),
    ("approved", "desc", ["MINUSMA", "ZZMIN", "MINUSCA"]),
    ("approved", "asc", ["MINUSCA", "ZZMIN", "MINUSMA"]),
    ("acabq_adjustment", "asc", ["MINUSMA", "ZZMIN", "MINUSCA"]),
    ("utilization", "desc", ["ZZMIN", "MINUSCA", "MINUSMA"]),  # MINUSMA has none: blanks last
    ("utilization", "asc", ["MINUSCA", "ZZMIN", "MINUSMA"]),
    ("no_such_column", "sideways", ["MINUSCA", "MINUSMA", "ZZMIN"]),  # refused: by mission, ascending
])
def test_sorting_by_any_column(app, db, minusca, sort, order, expected):
    budget = {code: (p * 3, r * 2, a * 2, e * 2 + (D("50000") if code == "air_operations" else 0))
              for code, (p, r, a, e) in MINUSCA_2019_20.items()}
    add_mission(db, "ZZMIN", budget)
    table = report(app, db, sort=sort, order=order).table
    assert [row.get("mission") for row in table.rows] == [*expected, "Total"]


def test_sort_links_are_keyboard_links_that_turn_the_order_round(client, minusca):
    login(client, "leader")  # leadership of MINUSMA only: sees MINUSMA alone
    parsed = page_table(client, PAGE + "?sort=approved&order=desc")
    assert [row[0] for _, row in parsed.rows] == ["MINUSMA", "Total"]
    by_text = {header["text"].split(" ▼")[0].split(" ▲")[0].split(" (sorted")[0]: header
               for header in parsed.headers}
    approved = next(header for text, header in by_text.items() if text == "Approved")
    assert approved["sort"] == "descending" and "sort=approved" in approved["href"] and "order=asc" in approved["href"]
    mission = by_text["Mission"]
    assert mission["sort"] is None and "sort=mission" in mission["href"] and "order=asc" in mission["href"]
    assert all(header["href"] for header in parsed.headers)  # every column sorts


def test_sorting_is_validated(app, db, demo):
    groups = groups_in_order(db)
    assert sorting("approved", "desc", groups) == Sorting("approved", True)
    assert sorting("'; drop table missions", "desc", groups) == Sorting("mission", True)
    assert sorting(group_key(groups[0]), "up", groups) == Sorting(group_key(groups[0]), False)


@pytest.mark.parametrize("user", ["reviewer", "leader", "admin"])
def test_reviewers_leadership_and_administrators_see_the_link_and_the_page(client, demo, user):
    login(client, user)
    budget_page = client.get("/m/MINUSMA/2019-20/budget/").get_data(as_text=True)
    assert 'href="/all-missions/2019-20"' in budget_page
    assert "All missions, 2019/20" in client.get(PAGE).get_data(as_text=True)
    assert client.get("/missions").get_data(as_text=True).count('href="/all-missions/"') == 1


def test_a_planning_officer_sees_no_link_and_is_refused(client, demo):
    login(client, "officer")
    for page in ("/m/MINUSMA/2019-20/budget/", "/missions"):
        assert "/all-missions" not in client.get(page).get_data(as_text=True)
    for crafted in (PAGE, PAGE + ".xlsx", "/all-missions/", PAGE + "?sort=approved"):
        assert client.get(crafted).status_code == 403, crafted


def test_only_missions_where_the_role_compares_are_shown(app, client, db, minusca):
    """An account that is leadership in MINUSCA but an officer in MINUSMA compares MINUSCA alone."""
    with app.app_context():
        account = create_user(db, "mixed@un.org", "a-password", None)
    db.add_all([MissionRole(user_id=account.id, mission_id=minusca.id, role=Role.LEADERSHIP),
                MissionRole(user_id=account.id,
                            mission_id=db.scalar(select(Mission.id).where(Mission.code == "MINUSMA")),
                            role=Role.PLANNING_OFFICER)])
    db.commit()
    login(client, "mixed@un.org", "a-password")
    assert [row[0] for _, row in page_table(client, PAGE).rows] == ["MINUSCA", "Total"]


def test_the_period_selector_and_the_empty_state(client, db, demo):
    login(client, "reviewer")
    page = client.get(PAGE).get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"( selected)?>', page)
    assert options == [("2019-20", " selected"), ("2018-19", ""), ("2017-18", "")]
    chosen = client.get("/all-missions/?period=2018-19&sort=approved&order=desc")
    assert chosen.status_code == 302 and chosen.location == "/all-missions/2018-19?sort=approved&order=desc"
    # Without a period asked for: the one of the mission page last viewed, else the latest.
    client.get("/m/MINUSMA/2018-19/budget/")
    assert client.get("/all-missions/").location == "/all-missions/2018-19"
    assert client.get("/all-missions/2031-32").status_code == 404
    empty = client.get("/all-missions/2017-18").get_data(as_text=True)
    assert "No mission you may compare has a budget figure recorded for 2017/18 yet." in empty
    assert "No budget figure is recorded for 2017/18 in: MINUSMA." in empty


def test_a_mission_with_revised_estimates_alone_is_named_not_shown(app, db, minusca):
    add_mission(db, "REVISED", {"medical": (None, None, None, None)})
    line = db.scalar(select(BudgetLine).join(Mission).where(Mission.code == "REVISED"))
    line.amounts.append(BudgetAmount(stage=BudgetStage.REVISED, amount=D("10.00")))
    db.commit()
    built = report(app, db)
    assert "REVISED" not in rows_by_mission(built.table) and built.without_figures == ["REVISED"]


def test_before_any_budget_period_the_page_says_so(app, client, db):
    with app.app_context():
        create_user(db, "hq@un.org", "a-password", Role.BUDGET_REVIEWER)
    db.commit()
    login(client, "hq@un.org", "a-password")
    page = client.get("/all-missions/")
    assert page.status_code == 200 and "No budget period is recorded yet." in page.get_data(as_text=True)


def test_a_period_without_missions_builds_an_empty_table():
    from datetime import date

    from cpas.models import BudgetPeriod as Period

    period = Period(id=9, label="2030/31", starts_on=date(2030, 7, 1), ends_on=date(2031, 6, 30))
    built = build_all_missions(missions=[], totals={}, groups=[], period=period, chosen=Sorting(),
                               money_unit=D(1000), translator=PLAIN_ENGLISH)
    assert not built.has_missions and built.table.rows == []


def test_the_workbook_recalculates_to_what_the_page_shows(app, client, db, minusca):
    add_mission(db, "ZZMIN", {code: (p, r, a, None) for code, (p, r, a, _e) in MINUSCA_2019_20.items()}, scale=7)
    login(client, "reviewer")
    response = client.get(PAGE + ".xlsx?unit=dollars&sort=approved&order=desc")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("all-missions-2019-20.xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    formulas = load_workbook(BytesIO(response.data))["All missions"]
    table = report(app, db, sort="approved", order="desc").table
    columns = {column.key: number for number, column in enumerate(table.columns, start=1)}
    total_row = excel_row(table, len(table.rows) - 1)
    for key in ("acabq_adjustment", "assembly_adjustment", "approved_minus_proposed", "utilization"):
        assert str(formulas.cell(row=excel_row(table, 0), column=columns[key]).value).startswith("=IF(")
    assert str(formulas.cell(row=total_row, column=columns["approved"]).value).startswith("=SUM(")
    assert str(formulas.cell(row=total_row, column=columns["acabq_adjustment"]).value).startswith("=IF(")
    sheet = recalculated(response.data)["All missions"]
    checked = 0
    for index, row in enumerate(table.rows):
        for column in table.columns:
            if not column.is_numeric:
                continue
            got = sheet.cell(row=excel_row(table, index), column=columns[column.key]).value
            expected = row.get(column.key)
            if expected is None:
                assert got in (None, ""), (row.get("mission"), column.key, got)
                continue
            if column.key == "utilization":
                got = Decimal(str(got * 100)).quantize(D("0.01"))
            else:
                got = Decimal(str(got)).quantize(D("0.01"))
            assert got == expected, (row.get("mission"), column.key, got, expected)
            checked += 1
    assert checked > 30
    assert sheet.cell(row=excel_row(table, 0), column=1).value == "MINUSMA"


def test_the_query_count_does_not_grow_with_the_missions(client, db, demo, count_queries):
    for number in range(1):  # with the demo: two missions
        add_mission(db, f"M{number:02d}", scale=number + 1)
    login(client, "reviewer")
    client.get(PAGE)  # the first request of a session loads what later ones keep
    with count_queries() as two:
        assert len(page_table(client, PAGE).rows) == 3
    for number in range(1, 11):
        add_mission(db, f"M{number:02d}", scale=number + 1)
    with count_queries() as twelve:
        assert len(page_table(client, PAGE + "?sort=utilization&order=desc").rows) == 13
    assert twelve.count == two.count
    with count_queries() as workbook:
        assert client.get(PAGE + ".xlsx").status_code == 200
    assert workbook.count <= two.count


def test_the_all_missions_page_leads_back_to_the_mission_last_viewed(client, minusca):
    """Outside a mission the bar has no mission's pages: it offers the way back to the one last
    viewed (and, before any, the list of missions)."""
    login(client, "reviewer")
    before = client.get("/all-missions/2019-20").get_data(as_text=True)
    assert re.search(r'href="/missions" id="back-to-mission">Missions<', before)
    assert client.get("/m/MINUSMA/2019-20/budget/").status_code == 200
    after = client.get("/all-missions/2019-20").get_data(as_text=True)
    assert re.search(r'href="/" id="back-to-mission">Back to MINUSMA<', after)
    assert "/m/MINUSMA/2019-20/" in client.get("/").headers["Location"]  # the reviewer's landing there
