"""A record's history reads as people read the record: labels, names, formatted figures."""

import re
from decimal import Decimal

from sqlalchemy import select

from cpas.audit import ChangeLog, snapshot
from cpas.models import Activity, AuditEntry, BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, ExpenditureClass
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20/records"


def change_a_budget_line(db, add_expenditure: bool = True) -> int:
    """Moves the demo's first line to another class and its approved amount up by $1,234,567.89,
    as a form and the grid would log it."""
    # Of 2019/20, whose lines have no expenditure yet: refs repeat across periods, and the order of
    # two equal refs is the database's to choose (PostgreSQL once chose 2018/19's, which has one).
    line = db.scalar(select(BudgetLine).join(BudgetLine.amounts)
                     .join(BudgetPeriod, BudgetPeriod.id == BudgetLine.period_id)
                     .where(BudgetAmount.stage == BudgetStage.APPROVED, BudgetPeriod.label == "2019/20")
                     .order_by(BudgetLine.ref, BudgetLine.id).limit(1))
    other_class = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "official_travel"))
    changes = ChangeLog(user_id=None)
    before = snapshot(line)
    line.class_id = other_class.id
    line.description = "Travel, renamed"
    changes.updated(line, before, reason="moved")
    amount = next(amount for amount in line.amounts if amount.stage is BudgetStage.APPROVED)
    before = snapshot(amount)
    amount.amount = amount.amount + Decimal("1234567.89")
    changes.updated(amount, before, reason="corrigendum")
    if add_expenditure:
        added = BudgetAmount(line=line, stage=BudgetStage.EXPENDITURE, amount=Decimal("5000.00"))
        db.add(added)
        changes.created(added)
    changes.write(db)
    db.commit()
    return line.id


def test_a_budget_line_history_shows_labels_names_and_its_amounts(client, demo, db):
    line_id = change_a_budget_line(db)
    login(client, "officer")
    page = client.get(f"{BASE}/budget-lines/{line_id}/history").get_data(as_text=True)
    assert "Class of expenditure" in page and "Official travel" in page
    assert "class_id" not in page and "mission_id" not in page and "version" not in page
    assert "Budget amount · Approved" in page  # the owned amounts are in the line's history
    assert "Budget amount · Expenditure" in page
    assert "5,000.00" in page
    assert "Amount (US$)" in page
    assert "proposed" not in page and "approved<" not in page

    french = client.get(f"{BASE}/budget-lines/{line_id}/history?lang=fr").get_data(as_text=True)
    assert "5\u202f000,00" in french or "5\u00a0000,00" in french
    assert "Voyages" in french


def test_the_history_page_makes_a_fixed_number_of_queries(client, demo, db, count_queries):
    line_id = change_a_budget_line(db)
    login(client, "officer")
    path = f"{BASE}/budget-lines/{line_id}/history"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for _ in range(3):
        change_a_budget_line(db, add_expenditure=False)
    with count_queries() as many:
        client.get(path)
    assert many.count == few.count


def test_an_activitys_history_shows_the_mandated_tasks_it_serves_by_their_keys(client, demo, db):
    activity = db.scalar(select(Activity).where(Activity.ref == "A-002"))
    login(client, "officer")
    form = {"title": activity.title, "pillar": activity.pillar.value, "status": activity.status.value,
            "region": activity.region, "starts_on": activity.starts_on.isoformat(),
            "ends_on": activity.ends_on.isoformat(), "version": str(activity.version),
            "tasks": ["S/RES/2480 (2019) · OP 21", "S/RES/2480 (2019) · OP 28 (d)"]}
    assert client.post(f"{BASE}/activities/{activity.id}/edit", data=form).status_code == 302
    page = client.get(f"{BASE}/activities/{activity.id}/history").get_data(as_text=True)
    row = re.search(r"<tr><td>Mandated tasks</td><td>(.*?)</td><td>(.*?)</td></tr>", page)
    assert row is not None, "the change of tasks is not in the history"
    assert row.groups() == ("S/RES/2480 (2019) · OP 28 (d)",
                            "S/RES/2480 (2019) · OP 21; S/RES/2480 (2019) · OP 28 (d)")


def test_a_new_activitys_tasks_are_in_its_history_and_in_the_audit_snapshot(client, demo, db):
    login(client, "officer")
    form = {"title": "Radio programme", "pillar": "civilian", "status": "planned",
            "tasks": ["S/RES/2480 (2019) · OP 20"]}
    response = client.post(f"{BASE}/activities/new", data=form)
    activity = db.scalar(select(Activity).where(Activity.title == "Radio programme"))
    task_id = activity.tasks[0].id
    created = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "activities",
                                                 AuditEntry.record_id == activity.id))
    assert created.after["tasks"] == [task_id]
    page = client.get(response.location.replace("http://localhost", "") + "/history").get_data(as_text=True)
    assert re.search(r"<tr><td>Mandated tasks</td><td>—</td><td>S/RES/2480 \(2019\) · OP 20</td></tr>", page)
