"""A record's page makes the same number of queries however many children its table lists, and
does not query again for the record itself through its children (a budget line's activity on the
activity's page)."""

import re
from decimal import Decimal

from sqlalchemy import select

from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    ExpenditureClass,
    Mission,
    Pillar,
)
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20/records"


def tables_read(counter) -> list[str]:
    """The first table each SELECT reads from."""
    return [found.group(1) for statement in counter.statements
            if (found := re.search(r"\bFROM\s+(\w+)", statement)) and statement.lstrip().upper().startswith("SELECT")]


def test_an_activity_page_makes_the_same_queries_with_one_line_or_many(client, demo, db, count_queries):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    classes = db.scalars(select(ExpenditureClass).order_by(ExpenditureClass.id)).all()
    components = db.scalars(select(Component).where(Component.mission_id == mission.id,
                                                    Component.period_id == period.id)).all()
    activity = Activity(mission_id=mission.id, period_id=period.id, ref="Q-001", title="Counted", pillar=Pillar.JOINT)
    db.add(activity)

    def add_lines(start, count):
        for number in range(start, start + count):  # lines of many classes and components
            line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=classes[number % len(classes)].id,
                              component=components[number % len(components)], ref=f"Q-{number}", activity=activity)
            line.amounts.append(BudgetAmount(stage=BudgetStage.PROPOSED, amount=Decimal("10.00")))
            db.add(line)
        db.commit()

    add_lines(0, 1)
    login(client, "officer")
    page = f"{BASE}/activities/{activity.id}"
    with count_queries() as one_line:
        assert "Q-0" in client.get(page).get_data(as_text=True)
    add_lines(1, 30)
    with count_queries() as many_lines:
        shown = client.get(page).get_data(as_text=True)
    assert "Q-0" in shown and "Q-30" in shown
    assert many_lines.count == one_line.count
    assert tables_read(many_lines).count("activities") == 1  # the page's own record, once


def test_a_budget_line_page_does_not_read_its_line_again_for_its_amounts(client, demo, db, count_queries):
    line_id = db.scalar(select(BudgetLine.id).join(BudgetAmount).order_by(BudgetLine.id).limit(1))
    login(client, "officer")
    with count_queries() as counter:
        assert client.get(f"{BASE}/budget-lines/{line_id}").status_code == 200
    assert tables_read(counter).count("budget_lines") == 1
