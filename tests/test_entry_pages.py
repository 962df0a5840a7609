"""A record's page and forms as a user reads them: where each link leads and what it says, and
what each choice list offers."""

import re

import pytest
from sqlalchemy import select

from cpas.models import BudgetLine, ImpactIndicator, Mandate, ReportKind, VarianceCause, VarianceExplanation
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
    assert [text for _href, text in points] == ["Dec 31, 2016", "Dec 31, 2017", "Dec 31, 2018"]
    assert [text for _href, text in links(section(page, "Indicator targets"))] == ["Jun 30, 2020"]


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
