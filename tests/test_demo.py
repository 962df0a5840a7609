"""The demo mission: MINUSMA 2019/20 from the seed facts, loaded once however often asked."""

import html
from decimal import Decimal

from sqlalchemy import func, select

from cpas.db import get_session
from cpas.demo.loader import load_demo
from cpas.models import (
    Base,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    DataPoint,
    ExpenditureClass,
    ExpenditureGroup,
    Mission,
    Provenance,
)
from tests.conftest import login


def row_counts(session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}


def budget_totals_by_stage(session, mission_id: int, period_id: int) -> dict:
    """{stage: gross requirements} summed in SQL, apart from the reports' own arithmetic: every
    line but those of the items below gross requirements (staff assessment, voluntary contributions)."""
    statement = (
        select(BudgetAmount.stage, func.sum(BudgetAmount.amount)).join(BudgetAmount.line)
        .join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id).join(ExpenditureClass.group)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id,
               ExpenditureGroup.below_gross.is_(False)).group_by(BudgetAmount.stage)
    )
    return {stage: total for stage, total in session.execute(statement)}


def test_demo_budget_totals_are_the_seed_figures(db, demo):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    totals = budget_totals_by_stage(db, mission.id, period.id)
    assert totals[BudgetStage.PROPOSED] == Decimal("1149778800.00")
    assert totals[BudgetStage.RECOMMENDED] == Decimal("1146057900.00")
    assert totals[BudgetStage.APPROVED] == Decimal("1138457900.00")

    previous = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    previous_totals = budget_totals_by_stage(db, mission.id, previous.id)
    assert previous_totals == {BudgetStage.APPROVED: Decimal("1107318900.00"),
                               BudgetStage.EXPENDITURE: Decimal("1105667000.00")}


def test_loading_the_demo_twice_duplicates_nothing(app, demo):
    with app.app_context():
        session = get_session()
        before = row_counts(session)
        assert load_demo(session) == []
        session.commit()
        assert row_counts(session) == before
    # 21 classes in 2018/19, 21 and the two items below gross requirements in 2019/20
    assert before["budget_lines"] == 44 and before["users"] == 4


def test_demo_records_staff_assessment_and_voluntary_contributions_of_2019_20_labelled_illustrative(db, demo):
    """No UN document of them is among the demo's sources (DOMAIN.md's labelling rule)."""
    amounts = db.execute(
        select(ExpenditureClass.code, BudgetPeriod.label, BudgetAmount.stage, BudgetAmount.amount,
               BudgetAmount.provenance, BudgetAmount.source_note)
        .join(BudgetAmount.line).join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id)
        .join(BudgetPeriod, BudgetPeriod.id == BudgetLine.period_id).join(ExpenditureClass.group)
        .where(ExpenditureGroup.below_gross.is_(True))).all()
    assert sorted((code, period, stage.value, amount) for code, period, stage, amount, _p, _n in amounts) == [
        ("staff_assessment_income", "2019/20", "approved", Decimal("20915000.00")),
        ("staff_assessment_income", "2019/20", "proposed", Decimal("20915000.00")),
        ("staff_assessment_income", "2019/20", "recommended", Decimal("20915000.00")),
        ("voluntary_contributions_in_kind", "2019/20", "approved", Decimal("3020700.00")),
        ("voluntary_contributions_in_kind", "2019/20", "proposed", Decimal("3020700.00")),
        ("voluntary_contributions_in_kind", "2019/20", "recommended", Decimal("3020700.00")),
    ]
    assert {(provenance, note) for *_rest, provenance, note in amounts} == {
        (Provenance.ILLUSTRATIVE, "Illustrative figure for the demonstration, not read from a UN document.")}


def test_demo_civilian_deaths_carry_their_source(db, demo):
    points = db.scalars(select(DataPoint).order_by(DataPoint.observed_on)).all()
    assert [(p.observed_on.year, p.value) for p in points] == [(2016, 71), (2017, 192), (2018, 815)]
    assert all("CIVIC" in p.source for p in points)


def test_officer_sees_the_three_totals_on_the_home_page(client, demo):
    login(client, "officer")
    page = client.get("/m/MINUSMA/2019-20/").get_data(as_text=True)
    assert "MINUSMA · Budget period 2019/20" in page
    for figure in ("$1,149,778,800", "$1,146,057,900", "$1,138,457,900"):
        assert figure in page


def test_budget_page_states_the_cuts_below_proposal_and_recommendation(client, demo):
    login(client, "reviewer")
    page = html.unescape(client.get("/m/MINUSMA/2019-20/budget/?unit=dollars").get_data(as_text=True))
    assert ("The approved budget of $1,138,457,900 is $11,320,900 (0.98%) below the Secretary-General's "
            "proposal and $7,600,000 below the ACABQ recommendation.") in page
    # gross requirements row: proposed, recommended, approved, in whole dollars
    assert "1,149,778,800" in page and "1,146,057,900" in page and "1,138,457,900" in page
    assert "Illustrative" in page  # the class split says what it is


def test_budget_page_in_thousands_rounds_as_the_un_prints(client, demo):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/budget/").get_data(as_text=True)
    assert "(Thousands of United States dollars)" in page
    assert ">1,138,458<" in page  # 1,138,457.9 thousand, rounded half up


def test_demo_if_empty_leaves_a_database_with_missions_alone(runner, demo):
    result = runner.invoke(args=["cpas", "demo", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded" in result.output
