"""Missions and budget periods, the scope of every other record: only administrators write
them, and one that holds data cannot be deleted (issue 10 item 2)."""

import pytest
from sqlalchemy import select

from cpas.models import AuditEntry, BudgetPeriod, Mission, MissionRole, Role, User
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20"


def test_a_mission_holding_data_cannot_be_deleted_and_its_data_is_listed(client, db, demo):
    login(client, "admin")
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    page = client.get(f"{BASE}/records/missions/{mission.id}/delete").get_data(as_text=True)
    assert "This record cannot be deleted" in page
    assert "Budget lines:" in page and "Activities:" in page
    assert 'class="btn btn-danger"' not in page  # no delete button offered
    before = database_state(db)
    client.post(f"{BASE}/records/missions/{mission.id}/delete")
    assert database_state(db) == before


def test_a_closed_period_cannot_be_wiped_by_deleting_its_budget_period(client, db, demo):
    login(client, "admin")
    client.post(f"{BASE}/period/close", data={"reason": "Accounts closed"})
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    page = client.get(f"{BASE}/records/periods/{period.id}/delete").get_data(as_text=True)
    assert "Closed periods: 1" in page and "Budget lines:" in page
    before = database_state(db)
    response = client.post(f"{BASE}/records/periods/{period.id}/delete")
    assert response.status_code == 302
    assert database_state(db) == before


def test_an_empty_period_and_an_empty_mission_can_be_deleted_with_an_audit_entry(client, db, demo):
    login(client, "admin")
    client.post(f"{BASE}/records/periods/new", data={"label": "2040/41", "starts_on": "2040-07-01",
                                                      "ends_on": "2041-06-30"})
    client.post(f"{BASE}/records/missions/new", data={"code": "MINUX", "name": "Example mission",
                                                       "country": "Nowhere", "regions": ""})
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2040/41"))
    mission = db.scalar(select(Mission).where(Mission.code == "MINUX"))
    assert period is not None and mission is not None
    for spec_name, record_id in (("periods", period.id), ("missions", mission.id)):
        page = client.get(f"{BASE}/records/{spec_name}/{record_id}/delete").get_data(as_text=True)
        assert "cannot be deleted" not in page
        client.post(f"{BASE}/records/{spec_name}/{record_id}/delete")
    db.expire_all()
    assert db.scalar(select(BudgetPeriod.id).where(BudgetPeriod.label == "2040/41")) is None
    assert db.scalar(select(Mission.id).where(Mission.code == "MINUX")) is None
    deleted = db.scalars(select(AuditEntry.table_name).where(AuditEntry.action == "delete")).all()
    assert "missions" in deleted and "budget_periods" in deleted


def test_a_mission_where_accounts_hold_roles_keeps_them_until_they_are_changed_on_the_accounts(client, db, demo):
    """Deleting the mission would sweep the roles away unseen in the accounts' histories."""
    login(client, "admin")
    client.post(f"{BASE}/records/missions/new", data={"code": "MINUX", "name": "Example mission",
                                                       "country": "Nowhere", "regions": ""})
    mission = db.scalar(select(Mission).where(Mission.code == "MINUX"))
    officer = db.scalar(select(User).where(User.login == "officer"))
    db.add(MissionRole(user_id=officer.id, mission_id=mission.id, role=Role.LEADERSHIP))
    db.commit()
    page = client.get(f"{BASE}/records/missions/{mission.id}/delete").get_data(as_text=True)
    assert "Roles of accounts (changed on the Accounts pages): 1" in page
    before = database_state(db)
    client.post(f"{BASE}/records/missions/{mission.id}/delete")
    assert database_state(db) == before


@pytest.mark.parametrize(("form", "field_message"), [
    ({"code": "MIN/USMA", "name": "X", "country": "X"}, "A mission code is 2 to 20 capital letters"),
    ({"code": "minux", "name": "X", "country": "X"}, "A mission code is 2 to 20 capital letters"),
])
def test_a_mission_code_that_would_make_its_pages_unreachable_is_refused(client, db, demo, form, field_message):
    login(client, "admin")
    before = database_state(db)
    response = client.post(f"{BASE}/records/missions/new", data={**form, "regions": ""})
    assert field_message in response.get_data(as_text=True)
    assert database_state(db) == before


@pytest.mark.parametrize(("form", "message"), [
    ({"label": "2040-41", "starts_on": "2040-07-01", "ends_on": "2041-06-30"}, "labelled by its two years"),
    ({"label": "2040/42", "starts_on": "2040-07-01", "ends_on": "2041-06-30"}, "labelled by its two years"),
    ({"label": "2040/41", "starts_on": "2039-07-01", "ends_on": "2041-06-30"}, "Budget period 2040/41 starts in 2040."),
])
def test_a_period_label_not_as_the_un_prints_it_is_refused(client, db, demo, form, message):
    login(client, "admin")
    before = database_state(db)
    response = client.post(f"{BASE}/records/periods/new", data=form)
    assert message in response.get_data(as_text=True)
    assert database_state(db) == before


def test_a_workbook_cannot_rename_the_mission_into_an_unreachable_code(db, demo):
    from tests.test_workbook import edited, export, problems_of

    def slash(book):
        book["Missions"]["B2"] = "MINUSMA/2"

    problems = problems_of(db, edited(export(db), slash))
    assert any("A mission code is 2 to 20 capital letters" in problem.message for problem in problems)
