"""A record's page and forms as a user reads them: where each link leads and what it says, and
what each choice list offers."""

import html
import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from cpas.entry.fields import Kind
from cpas.entry.spec import SPECS
from cpas.labels import REFERENCE_LABELS, label
from cpas.models import (
    BudgetLine,
    ExpenditureClass,
    ImpactIndicator,
    Mandate,
    ReportKind,
    VarianceCause,
    VarianceExplanation,
)
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20/records"


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.get_data(as_text=True)


def main_content(page: str) -> str:
    """The page without its menu bar (whose drop-down toggles are links to #)."""
    return page.split('id="main"', 1)[1]


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link."""
    return [(href, re.sub(r"<[^>]+>|\s+", " ", text).strip())
            for href, text in re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)]


def section(page: str, heading: str) -> str:
    """The table of the page's section headed ``heading``."""
    start = page.index("<table", page.index(f'<h2 class="h5">{heading} '))
    return page[start:page.index("</table>", start)]


def test_a_budget_lines_amounts_are_linked_by_their_stage_not_by_the_lines_key(officer, db):
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    amounts = {amount.stage.value: amount.id for amount in line.amounts}
    page = page_of(officer, f"{BASE}/budget-lines/{line.id}")
    table = links(section(page, "Budget amounts"))
    assert sorted(table) == sorted([(f"{BASE}/budget-amounts/{amounts['proposed']}", "Proposed"),
                                    (f"{BASE}/budget-amounts/{amounts['recommended']}", "ACABQ recommended"),
                                    (f"{BASE}/budget-amounts/{amounts['approved']}", "Approved")])
    assert "BL-001" not in section(page, "Budget amounts")  # the page is the line's: no column repeats it


def test_a_mandates_tasks_and_an_indicators_data_are_linked_by_their_own_keys(officer, db):
    mandate = db.scalar(select(Mandate).where(Mandate.resolution_symbol == "S/RES/2480 (2019)"))
    tasks = links(section(page_of(officer, f"{BASE}/mandates/{mandate.id}"), "Mandated tasks"))
    by_paragraph = {task.paragraph_ref: task.id for task in mandate.tasks}
    assert (f"{BASE}/mandated-tasks/{by_paragraph['OP 21']}", "OP 21") in tasks
    assert len(tasks) == 5 and not any(text == "S/RES/2480 (2019)" for _href, text in tasks)

    indicator = db.scalar(select(ImpactIndicator).where(ImpactIndicator.code == "O1.1"))
    page = page_of(officer, f"{BASE}/impact-indicators/{indicator.id}")
    points = links(section(page, "Data points"))
    assert [text for _href, text in points] == ["31 Dec 2016", "31 Dec 2017", "31 Dec 2018"]
    assert [text for _href, text in links(section(page, "Indicator targets"))] == ["30 Jun 2020"]


def test_a_class_of_expenditure_is_plain_text_not_a_link_to_nowhere(officer, db):
    """Classes of expenditure are reference data, with no page of their own."""
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    explanation = VarianceExplanation(expenditure_class=line.expenditure_class, report_kind=ReportKind.BUDGET,
                                      cause=VarianceCause.MANDATE, text="Fewer observers deployed.",
                                      mission_id=line.mission_id, period_id=line.period_id)
    db.add(explanation)
    db.commit()
    for path in (f"{BASE}/budget-lines/{line.id}", f"{BASE}/variance-explanations/{explanation.id}"):
        content = main_content(page_of(officer, path))
        assert [href for href, _text in links(content) if href.startswith("#") or not href] == []
        assert not any(text == "Military observers" for _href, text in links(content))
        assert re.search(r"<dt[^>]*>Class of expenditure</dt>\s*<dd[^>]*>\s*Military observers\s*</dd>", content)


def options_of(page: str) -> dict[str, list[str]]:
    """{select name: the text of each option}, as the user reads them."""
    return {name: [html.unescape(text.strip()) for text in re.findall(r"<option[^>]*>(.*?)</option>", body, re.S)]
            for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S)}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_choice_of_every_form_shows_its_label_never_a_code(app, client, demo, language):
    administrator = client  # the one role that may open every form (missions and periods included)
    login(administrator, "admin")
    codes = {member.value for spec in SPECS.values() for field in spec.fields if field.enum_class
             for member in field.enum_class} | {code for code in REFERENCE_LABELS}
    for name, spec in SPECS.items():
        if not spec.entered:
            continue
        offered = options_of(page_of(administrator, f"{BASE}/{name}/new?lang={language}"))
        for field in spec.form_fields:
            if field.kind is Kind.ENUM:
                with app.test_request_context(), force_locale(language):
                    assert offered[field.attr] == ["—"] + [label(member) for member in field.enum_class], \
                        f"{name}.{field.attr}"
        shown_codes = {(name, attr, text) for attr, texts in offered.items() for text in texts if text in codes}
        assert shown_codes == set()
    classes = options_of(page_of(administrator, f"{BASE}/budget-lines/new?lang={language}"))["expenditure_class"]
    assert classes[1] == {"en": "Military observers", "fr": "Observateurs militaires"}[language]


def test_a_budget_line_is_offered_by_its_reference_and_class_in_the_users_language(officer, db):
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    travel = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "official_travel"))
    db.add(BudgetLine(mission_id=line.mission_id, period_id=line.period_id, ref="BL-030", expenditure_class=travel))
    db.commit()
    english = options_of(page_of(officer, f"{BASE}/budget-amounts/new?lang=en"))["line"]
    assert english[1] == "BL-001 · Military observers — Military observers (illustrative split)"
    assert english[-1] == "BL-030 · Official travel"  # no description: its class still says what it is
    french = options_of(page_of(officer, f"{BASE}/budget-amounts/new?lang=fr"))["line"]
    assert french[1] == "BL-001 · Observateurs militaires — Military observers (illustrative split)"
    assert french[-1] == "BL-030 · Voyages officiels"


def test_a_list_led_by_the_parent_links_each_row_by_its_own_key(officer):
    page = officer.get(f"{BASE}/budget-amounts/").get_data(as_text=True)
    links = re.findall(r'<a href="/m/MINUSMA/2019-20/records/budget-amounts/\d+">([^<]+)</a>', page)
    assert len(links) > 10
    assert len(set(links)) == len(links)  # not every row "BL-001"
    assert any(" · " in html.unescape(text) and "Approved" in text for text in links)
