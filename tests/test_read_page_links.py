"""Pages that lead somewhere: every record a read page names links to its page, and each gap
offers the action that closes it, prefilled, to who may take it (and to nobody else)."""

from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cpas.exports.report_workbook import build_report_workbook
from cpas.models import (
    Activity,
    BudgetLine,
    BudgetPeriod,
    Component,
    ExpectedAccomplishment,
    ImpactIndicator,
    IndicatorOfAchievement,
    MandatedTask,
    Mission,
    Outcome,
    Output,
    ReportKind,
    VarianceExplanation,
)
from cpas.reports.assembly import report_bundle
from tests.conftest import login
from tests.report_settings import plain_settings

BASE = "/m/MINUSMA/2019-20"
READ_PAGES = ("/mandate/", "/records/activities/", "/results/", "/reports/coverage", "/reports/rbb",
              "/reports/rbb?kind=performance", "/budget/", "/reports/variances",
              "/reports/variances?kind=performance", "/reports/threat-calendar", "/reports/assessment")
# Names shorter than this ("Support", a component) are words that other text may hold.
SHORTEST_NAME = 8
# A long name may be shown cut (a list's 90 characters): its beginning is what is looked for.
NAME_PREFIX = 40


class CellTexts(HTMLParser):
    """Each table cell's and heading's text outside links, and the text of the links inside it."""

    CONTAINERS = ("td", "th", "h2", "h3")

    def __init__(self):
        super().__init__()
        self.cells: list[tuple[str, str]] = []  # (text outside links, text inside links)
        self._depth = 0
        self._in_link = 0
        self._outside: list[str] = []
        self._inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.CONTAINERS:
            if self._depth == 0:
                self._outside, self._inside = [], []
            self._depth += 1
        elif tag == "a":
            self._in_link += 1

    def handle_endtag(self, tag):
        if tag in self.CONTAINERS and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self.cells.append((" ".join(self._outside), " ".join(self._inside)))
        elif tag == "a" and self._in_link:
            self._in_link -= 1

    def handle_data(self, data):
        if self._depth:
            (self._inside if self._in_link else self._outside).append(" ".join(data.split()))


def cells_of(html: str) -> list[tuple[str, str]]:
    parser = CellTexts()
    parser.feed(html)
    return parser.cells


def unlinked_names(html: str, names: set[str]) -> list[str]:
    """The record names shown in a cell or heading of ``html`` outside any link."""
    needles = {name[:NAME_PREFIX] for name in names if len(name) >= SHORTEST_NAME}
    return sorted({needle for outside, _inside in cells_of(html) for needle in needles if needle in outside})


def linked_names(html: str, names: set[str]) -> set[str]:
    needles = {name[:NAME_PREFIX] for name in names if len(name) >= SHORTEST_NAME}
    return {needle for _outside, inside in cells_of(html) for needle in needles if needle in inside}


def demo_record_names(db) -> set[str]:
    """The key or title of every record of the demo that read pages name."""
    names = set()
    names |= {task.title for task in db.scalars(select(MandatedTask))}
    for activity in db.scalars(select(Activity)):
        names |= {activity.title, f"{activity.ref} {activity.title}"}
    for line in db.scalars(select(BudgetLine)):
        names |= {line.description}
    names |= {f"{each.number} {each.text}" for each in db.scalars(select(IndicatorOfAchievement))}
    names |= {f"{each.number} {each.text}" for each in db.scalars(select(ExpectedAccomplishment))}
    names |= {each.description for each in db.scalars(select(Output))}
    names |= {each.name for each in db.scalars(select(Component))}
    names |= {each.title for each in db.scalars(select(Outcome))}
    names |= {each.name for each in db.scalars(select(ImpactIndicator))}
    return names


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def page(client, path: str) -> str:
    response = client.get(BASE + path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.get_data(as_text=True)


def test_the_checker_finds_a_name_outside_a_link():
    names = {"Good offices and reconciliation"}
    assert unlinked_names("<table><tr><td>Good offices and reconciliation</td></tr></table>", names) == [
        "Good offices and reconciliation"]
    assert unlinked_names('<table><tr><td><a href="/x">Good offices and reconciliation</a> · 3</td></tr></table>',
                          names) == []
    assert unlinked_names("<h2>Good offices and reconciliation</h2>", names) == ["Good offices and reconciliation"]


def test_every_record_named_on_the_read_pages_is_a_link(officer, db):
    names = demo_record_names(db)
    unlinked, linked = {}, set()
    for path in READ_PAGES:
        html = page(officer, path)
        if found := unlinked_names(html, names):
            unlinked[path] = found
        linked |= linked_names(html, names)
    assert unlinked == {}, f"record names shown without a link: {unlinked}"
    # The walk saw the records: the mandate's tasks, the activities, the framework, the results.
    for name in ("Good offices and reconciliation", "Integrated operation to protect civilians",
                 "2.1.1 Integrated protection operations", "Civilian deaths from violence against civilians"):
        assert any(needle.startswith(name) or name.startswith(needle) for needle in linked), name


def test_names_link_to_their_own_records(officer, db):
    task = db.scalar(select(MandatedTask).where(MandatedTask.title == "Good offices and reconciliation"))
    indicator = db.scalar(select(IndicatorOfAchievement).where(IndicatorOfAchievement.number == "2.1.1"))
    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    assert f'href="{BASE}/records/mandated-tasks/{task.id}"' in page(officer, "/reports/coverage")
    assert f'href="{BASE}/records/mandated-tasks/{task.id}"' in page(officer, "/mandate/")
    assert f'href="{BASE}/records/indicators-of-achievement/{indicator.id}"' in page(officer, "/reports/rbb")
    assert f'href="{BASE}/records/outcomes/{outcome.id}"' in page(officer, "/results/")
    budget = page(officer, "/budget/")
    assert f'href="{BASE}/records/budget-lines/?expenditure_class=Official+travel"' in budget


class FormFields(HTMLParser):
    """The values a form would send as the browser shows it: inputs, selected options, texts."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "checkbox"):
            self.values.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
            self.values.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values[self._textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def form_values(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.values


def gap_links(html: str, label: str) -> list[str]:
    """The addresses of the links reading ``label``."""

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self._href = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self._href = dict(attrs).get("href")

        def handle_data(self, data):
            if self._href and data.strip() == label:
                self.found.append(self._href)

        def handle_endtag(self, tag):
            if tag == "a":
                self._href = None

    parser = Links()
    parser.feed(html)
    return parser.found


def follow_and_save(client, url: str, **typed) -> object:
    """Open the prefilled form at ``url``, type ``typed`` into it, and send it as the browser would."""
    form = form_values(client.get(url).get_data(as_text=True))
    for name, value in typed.items():
        form[name] = value if isinstance(value, list) else [value]
    return client.post(url, data=form)


def test_a_task_without_an_activity_offers_one_prefilled_and_saving_it_closes_the_gap(officer, db):
    task = db.scalar(select(MandatedTask).where(MandatedTask.title == "Good offices and reconciliation"))
    coverage = page(officer, "/reports/coverage")
    links = gap_links(coverage, "Add an activity for this task")
    assert links == [f"{BASE}/records/activities/new?tasks.id={task.id}"]
    assert gap_links(page(officer, "/mandate/"), "Add an activity for this task") == links
    form = form_values(officer.get(links[0]).get_data(as_text=True))
    assert form["tasks"] == ["S/RES/2480 (2019) · OP 28 (c)"]
    saved = follow_and_save(officer, links[0], title="Good offices in Kidal", pillar="civilian", status="planned",
                            starts_on="2019-09-01", ends_on="2019-12-31", region=["Kidal"])
    assert saved.status_code == 302, saved.get_data(as_text=True)
    activity = db.scalar(select(Activity).where(Activity.title == "Good offices in Kidal"))
    assert [each.id for each in activity.tasks] == [task.id]
    assert gap_links(page(officer, f"/records/mandated-tasks/{task.id}"), "Add") == links  # the task's page too
    after = page(officer, "/reports/coverage")
    assert gap_links(after, "Add an activity for this task") == []
    # Its gap is now money: a budget line for the new activity, prefilled with it.
    assert gap_links(after, f"Add a budget line to {activity.ref}") == [
        f"{BASE}/records/budget-lines/new?activity.id={activity.id}"]


def test_an_activity_offers_a_budget_line_prefilled_and_saving_it_links_the_line(officer, db):
    activity = db.scalar(select(Activity).where(Activity.ref == "A-001"))
    detail = page(officer, f"/records/activities/{activity.id}")
    add = gap_links(detail, "Add")
    assert add == [f"{BASE}/records/budget-lines/new?activity.id={activity.id}"]
    assert form_values(officer.get(add[0]).get_data(as_text=True))["activity"] == ["A-001"]
    saved = follow_and_save(officer, add[0], expenditure_class="Official travel",
                            description="Travel to Mopti for the operation")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    line = db.scalar(select(BudgetLine).where(BudgetLine.description == "Travel to Mopti for the operation"))
    assert line.activity_id == activity.id and line.expenditure_class.name == "Official travel"


def test_a_flagged_class_offers_its_explanation_prefilled_and_then_links_it(officer, db):
    variances = page(officer, "/reports/variances")
    links = [link for link in gap_links(variances, "Write the explanation") if "report_kind=budget" in link]
    assert len(links) == 15  # every flagged class of the demo's budget report, none explained yet
    travel = next(link for link in links
                  if form_values(officer.get(link).get_data(as_text=True))["expenditure_class"] == ["Official travel"])
    form = form_values(officer.get(travel).get_data(as_text=True))
    assert form["report_kind"] == ["budget"]
    saved = follow_and_save(officer, travel, cause="cost_parameters", text="Higher air fares.")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    explanation = db.scalar(select(VarianceExplanation).where(VarianceExplanation.text == "Higher air fares."))
    assert explanation.report_kind is ReportKind.BUDGET and explanation.expenditure_class.name == "Official travel"
    after = page(officer, "/reports/variances")
    assert len([link for link in gap_links(after, "Write the explanation") if "report_kind=budget" in link]) == 14
    assert f'href="{BASE}/records/variance-explanations/{explanation.id}">Higher air fares.</a>' in after


@pytest.mark.parametrize("reader", ["leader"])
def test_readers_are_offered_no_action(client, demo, reader):
    login(client, reader)
    html = "".join(page(client, path) for path in READ_PAGES)
    assert "gap-action" not in html
    assert "/new?" not in html and "/new\"" not in html


def test_a_budget_reviewer_may_write_explanations_but_not_add_activities(client, demo):
    login(client, "reviewer")
    assert gap_links(page(client, "/reports/coverage"), "Add an activity for this task") == []
    assert gap_links(page(client, "/mandate/"), "Add an activity for this task") == []
    assert len(gap_links(page(client, "/reports/variances"), "Write the explanation")) == 15


def test_a_prefill_names_only_records_of_the_page_s_mission(officer, db):
    form = form_values(officer.get(f"{BASE}/records/activities/new?tasks.id=999999&tasks.id=x").get_data(
        as_text=True))
    assert form["tasks"] == []
    query = parse_qs(urlsplit(gap_links(page(officer, "/reports/coverage"), "Add an activity for this task")[0]).query)
    assert list(query) == ["tasks.id"]


def test_the_workbooks_ignore_the_links(db, demo):
    """The same tables, their links and actions taken away, give a workbook with the same cells."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    sheets = report_bundle(db, mission, period, ReportKind.BUDGET, plain_settings()).sheets
    assert sum(len(row.links) + len(row.actions) for table in sheets for row in table.rows) > 20

    def cells(tables) -> list:
        book = load_workbook(BytesIO(build_report_workbook(tables)))
        return [[(cell.coordinate, cell.value, cell.hyperlink.target if cell.hyperlink else None)
                 for row in sheet.iter_rows() for cell in row] for sheet in book.worksheets]

    with_links = cells(sheets)
    for table in sheets:
        for row in table.rows:
            row.links, row.actions = {}, {}
    assert cells(sheets) == with_links
