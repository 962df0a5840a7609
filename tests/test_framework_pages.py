"""A large RBB framework is shown one component at a time (issue 12: a page prints what a person
can read; the biggest mission of the scale benchmark has 539 outputs), its workbook whole."""

import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from cpas.models import (
    BudgetPeriod,
    Component,
    ExpectedAccomplishment,
    IndicatorOfAchievement,
    Mission,
    Output,
)
from cpas.reports import views
from tests.conftest import login
from tests.test_query_counts import add_bulk_data

PAGE = "/m/MINUSMA/2019-20/reports/rbb"


@pytest.fixture
def reviewer(client, demo, db, monkeypatch):
    add_bulk_data(db, copies=6)  # components 10 to 15, an indicator and an output each
    monkeypatch.setattr(views, "FRAMEWORK_ROWS_ON_PAGE", 5)
    login(client, "reviewer")
    return client


def test_a_framework_too_long_for_a_page_shows_its_first_component_and_says_so(reviewer, db):
    components = db.scalars(select(Component).order_by(Component.number)).all()
    page = reviewer.get(PAGE).get_data(as_text=True)
    assert 'id="framework-one-component"' in page and "this page shows one component at a time" in page
    assert f"in {len(components)} components" in page
    first, later = components[0], components[-1]
    assert f'aria-current="page" href="{PAGE}?kind=budget&amp;component={first.number}"' in page
    assert "More outputs" not in page  # the outputs of the later components (the demo's first)
    assert f"?kind=budget&amp;component={later.number}" in page
    assert "Every component" not in page  # not offered: too long for one page


def test_another_component_is_shown_on_its_own(reviewer, db):
    later = db.scalars(select(Component).order_by(Component.number.desc())).first()
    page = reviewer.get(f"{PAGE}?component={later.number}").get_data(as_text=True)
    assert "More outputs" in page
    assert 'id="framework-one-component"' not in page  # chosen, not cut


def test_the_workbook_holds_every_component(reviewer, db):
    workbook = openpyxl.load_workbook(BytesIO(reviewer.get(f"{PAGE}.xlsx").data))
    cells = [value for row in workbook["Outputs"].iter_rows(values_only=True) for value in row]
    assert cells.count("More outputs") == 6


def test_the_framework_page_makes_the_same_queries_whatever_its_size(reviewer, db, count_queries):
    with count_queries() as small:
        assert reviewer.get(PAGE).status_code == 200
    add_components(db, start=100, count=30)
    with count_queries() as large:
        assert reviewer.get(PAGE).status_code == 200
    assert small.count == large.count


def add_components(db, start: int, count: int) -> None:
    """``count`` more components, each with an accomplishment holding an indicator and two outputs."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    for number in range(start, start + count):
        component = Component(mission_id=mission.id, period_id=period.id, number=number, name=f"Added {number}")
        accomplishment = ExpectedAccomplishment(number=f"{number}.1", text="Added")
        accomplishment.indicators.append(IndicatorOfAchievement(number=f"{number}.1.1", text="Added"))
        accomplishment.outputs.extend(Output(description=f"Added output {n}", planned_quantity=Decimal(2),
                                             position=n + 1) for n in range(2))
        component.expected_accomplishments.append(accomplishment)
        db.add(component)
    db.commit()


def test_a_component_without_expected_accomplishments_says_so_and_offers_to_add_one(client, demo, db):
    """The demo's components 1, 3 and 4 have no expected accomplishment: each says so under its
    heading (not an empty shaded row), and an officer is offered to add one for that component."""
    login(client, "officer")
    page = client.get(PAGE).get_data(as_text=True)
    assert page.count("No expected accomplishment yet.") >= 3 * 2  # in the indicators' and the outputs' tables
    component = db.scalar(select(Component).where(Component.number == 1))
    add = f"/m/MINUSMA/2019-20/records/expected-accomplishments/new?component.id={component.id}"
    assert add in page
    form = client.get(add).get_data(as_text=True)  # the component filled in
    assert re.search(r'<option[^>]*selected[^>]*>[^<]*' + re.escape(component.name[:20]), form)
    client.post("/logout")
    login(client, "leader")
    read_only = client.get(PAGE).get_data(as_text=True)
    assert "No expected accomplishment yet." in read_only and "expected-accomplishments/new" not in read_only
