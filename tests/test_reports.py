"""The report rules a reviewer checks: the variance rule at its edges, mandate coverage flags,
the headline, and fixed query counts."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.db import get_session
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    MandatedTask,
    Mission,
    Pillar,
    ReportKind,
)
from cpas.reports.assembly import coverage_report, financial_report, variance_report
from tests.conftest import login
from tests.report_settings import UN_VARIANCE_RULE, plain_settings

RULE = UN_VARIANCE_RULE


@pytest.mark.parametrize(("amount", "base", "flagged"), [
    (Decimal("50000"), Decimal("1000000"), True),  # exactly 5 per cent
    (Decimal("-50000"), Decimal("1000000"), True),
    (Decimal("49999.99"), Decimal("1000000"), False),  # 4.999999 %, printed 5.00 %: below the rule
    (Decimal("100000"), Decimal("1000000000"), True),  # exactly $100,000 (0.01 %)
    (Decimal("-100000"), Decimal("1000000000"), True),
    (Decimal("99999.99"), Decimal("1000000000"), False),
    (Decimal("20000"), Decimal("0"), True),  # from a zero apportionment: no percentage, explained
    (Decimal("20000"), None, True),
    (Decimal("0"), Decimal("0"), False),
    (None, None, False),
])
def test_variance_rule_at_its_edges(amount, base, flagged):
    assert RULE.needs_explanation(amount, base) is flagged


def scope(db):
    return (db.scalar(select(Mission).where(Mission.code == "MINUSMA")),
            db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20")))


def set_amounts(db, class_code, previous_approved, proposed):
    mission, period = scope(db)
    previous = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    expenditure_class = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == class_code))
    for period_id, stage, amount in ((previous.id, BudgetStage.APPROVED, previous_approved),
                                     (period.id, BudgetStage.PROPOSED, proposed)):
        line = db.scalar(select(BudgetLine).where(BudgetLine.period_id == period_id,
                                                  BudgetLine.class_id == expenditure_class.id))
        stored = next(a for a in line.amounts if a.stage is stage)
        stored.amount = amount
    db.commit()


def flagged_classes(db):
    mission, period = scope(db)
    settings = plain_settings()
    analysis = variance_report(db, mission, period, ReportKind.BUDGET, financial_report(db, mission, period, settings),
                               settings)
    return {row.get("class"): row for row in analysis.table.rows}, analysis


def test_exactly_five_per_cent_and_exactly_100000_are_flagged_in_the_report(db, demo):
    set_amounts(db, "medical", Decimal("1000000"), Decimal("1050000"))  # +50,000 = +5.00 %
    set_amounts(db, "special_equipment", Decimal("200000"), Decimal("209998"))  # +4.999 %
    set_amounts(db, "marine_operations", Decimal("100000000"), Decimal("100100000"))  # +100,000 = 0.1 %
    set_amounts(db, "civilian_electoral_observers", Decimal("0"), Decimal("20000"))  # nil apportionment
    rows, analysis = flagged_classes(db)
    assert rows["Medical"].get("percent") == Decimal("5.00")
    assert "Special equipment" not in rows
    assert rows["Marine operations"].get("amount") == Decimal("100000")
    assert rows["Civilian electoral observers"].get("percent") is None
    assert "Medical" in analysis.unexplained


def test_an_explained_class_leaves_the_unexplained_list(client, db, demo):
    login(client, "reviewer")
    before = client.get("/m/MINUSMA/2019-20/reports/variances").get_data(as_text=True)
    assert "Air operations" in before.split('id="unexplained"')[1].split("</div>")[0]
    client.post("/m/MINUSMA/2019-20/records/variance-explanations/new", data={
        "expenditure_class": "Air operations", "report_kind": "budget", "cause": "external",
        "text": "Higher fuel prices on the Bamako–Gao route."})
    after = client.get("/m/MINUSMA/2019-20/reports/variances").get_data(as_text=True)
    assert "Air operations" not in after.split('id="unexplained"')[1].split("</div>")[0]
    assert "Higher fuel prices on the Bamako–Gao route." in after and "External" in after


def test_the_performance_report_needs_expenditure(client, demo):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/reports/variances?kind=performance").get_data(as_text=True)
    assert "No expenditure is recorded for this period yet" in page


def test_mandate_coverage_flags_tasks_without_means(db, demo):
    mission, period = scope(db)
    table = coverage_report(db, mission, period, plain_settings())
    rows = {row.get("task").split(":")[0]: row for row in table.rows}
    assert rows["S/RES/2480 (2019) OP 28 (c)"].get("gaps") == "no activity; no approved resources; no indicator"
    assert rows["S/RES/2480 (2019) OP 21"].get("activities") == 1
    assert rows["S/RES/2480 (2019) OP 21"].get("indicators") == 2  # an RBB and a CPAS indicator

    # The demo links (illustratively) the formed police units, ground transportation and quick-impact
    # projects lines to A-001, which serves OP 21: 52,800,000 + 23,700,000 + 4,800,000 approved.
    assert rows["S/RES/2480 (2019) OP 21"].get("approved") == Decimal("81300000.00")
    assert rows["S/RES/2480 (2019) OP 21"].get("gaps") == ""
    unfunded = [task for task, row in rows.items() if not row.get("approved")]
    assert unfunded == ["S/RES/2480 (2019) OP 28 (c)"]  # four tasks of five funded: good offices is the gap

    # without money attributed to its activities, the task is flagged
    activity = db.scalar(select(Activity).where(Activity.ref == "A-001"))
    for line in db.scalars(select(BudgetLine).where(BudgetLine.activity_id == activity.id)):
        line.activity = None
    db.commit()
    table = coverage_report(db, mission, period, plain_settings())
    rows = {row.get("task").split(":")[0]: row for row in table.rows}
    assert rows["S/RES/2480 (2019) OP 21"].get("approved") == 0
    assert rows["S/RES/2480 (2019) OP 21"].get("gaps") == "no approved resources"


def test_the_headline_compares_with_the_previous_period(client, demo):
    login(client, "leader")
    page = client.get("/m/MINUSMA/2019-20/budget/").get_data(as_text=True)
    assert "It is $31,139,000 (2.81%) more than the $1,107,318,900 apportioned for 2018/19." in page


def add_bulk(session, count, start=0):
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    classes = session.scalars(select(ExpenditureClass)).all()
    task = session.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 20"))
    for number in range(start, start + count):
        activity = Activity(mission_id=mission.id, period_id=period.id, ref=f"Q-{number}", title="Q",
                            pillar=Pillar.POLICE, starts_on=date(2019, 8, 1))
        activity.tasks.append(task)
        line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=classes[number % len(classes)].id,
                          ref=f"Q-{number}", activity=activity)
        for stage in BudgetStage:
            line.amounts.append(BudgetAmount(stage=stage, amount=Decimal("1000.10")))
        session.add(line)
    session.commit()


def test_report_pages_make_a_fixed_number_of_queries(app, client, demo, count_queries):
    login(client, "reviewer")
    paths = ["/m/MINUSMA/2019-20/budget/", "/m/MINUSMA/2019-20/reports/variances",
             "/m/MINUSMA/2019-20/reports/variances?kind=performance", "/m/MINUSMA/2019-20/reports/rbb",
             "/m/MINUSMA/2019-20/reports/coverage", "/m/MINUSMA/2019-20/reports/rbb.xlsx"]

    def counts():
        result = {}
        for path in paths:
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            result[path] = counter.count
        return result

    with app.app_context():
        add_bulk(get_session(), 3)
    small = counts()
    with app.app_context():
        add_bulk(get_session(), 150, start=3)
    assert counts() == small
