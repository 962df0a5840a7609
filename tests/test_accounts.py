"""Accounts managed in the app by administrators: creating, changing roles, deactivating,
temporary passwords; sessions that end on the server; all audited (issue 9 item 15)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cpas.auth.services import MAX_LOGINS_PER_ACCOUNT
from cpas.config import LOGIN_DAYS
from cpas.models import AuditEntry, BudgetPeriod, LoginSession, Mission, Role, User
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20"
NEW_ACCOUNT = {"login": "Fatou.Diallo@un.org", "display_name": "Fatou Diallo", "role": "budget_reviewer",
               "password": "first-day-2026"}


def signed_in(app, user_login: str, password: str = "demo"):
    client = app.test_client()
    login(client, user_login, password)
    return client


def account(db, user_login: str) -> User:
    db.expire_all()
    return db.scalar(select(User).where(User.login == user_login))


def account_form(user: User, **changes) -> dict:
    """The account's form as its page shows it: its role in every mission, and in each mission."""
    form = {"display_name": user.display_name, "role": user.role.value if user.role else "", "version": user.version,
            **{f"mission_{held.mission_id}": held.role.value for held in user.mission_roles}}
    if user.is_active:
        form["is_active"] = "y"
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_an_administrator_creates_an_account_whose_temporary_password_must_be_changed_first(app, db, demo):
    admin = signed_in(app, "admin")
    response = admin.post("/admin/users/new", data=NEW_ACCOUNT)
    assert response.status_code == 302
    created = account(db, "fatou.diallo@un.org")
    assert created.role is Role.BUDGET_REVIEWER and created.must_change_password
    entry = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "users", AuditEntry.record_id == created.id))
    assert entry.user_id == account(db, "admin").id and entry.summary == "Account created"
    assert "password_hash" not in entry.after and "session_token" not in entry.after
    page = admin.get(response.location).get_data(as_text=True)
    assert "Temporary password" in page and "Account created" in page

    newcomer = app.test_client()
    first = newcomer.post("/login", data={"login": "fatou.diallo@un.org", "password": "first-day-2026"})
    assert first.location == "/account/password"
    # Every page leads back to the password form until the password is the person's own.
    assert newcomer.get(f"{BASE}/").location == "/account/password"
    assert newcomer.get(f"{BASE}/budget/").location == "/account/password"
    mismatch = newcomer.post("/account/password", data={
        "current_password": "first-day-2026", "password": "my-own-secret", "confirmation": "my-own-secrex"})
    assert "The two new passwords differ." in mismatch.get_data(as_text=True)
    changed = newcomer.post("/account/password", data={
        "current_password": "first-day-2026", "password": "my-own-secret", "confirmation": "my-own-secret"})
    assert changed.status_code == 302
    assert newcomer.get(f"{BASE}/budget/").status_code == 200  # the same session goes on
    assert not account(db, "fatou.diallo@un.org").must_change_password
    assert app.test_client().post("/login", data={"login": "fatou.diallo@un.org",
                                                  "password": "first-day-2026"}).status_code == 401


@pytest.mark.parametrize(("form", "message"), [
    ({**NEW_ACCOUNT, "password": "short"}, "The password must have at least 8 characters."),
    ({**NEW_ACCOUNT, "login": "OFFICER"}, "An account with the login officer exists already."),
    ({**NEW_ACCOUNT, "login": "fatou diallo"}, "A login is one word"),
    ({**NEW_ACCOUNT, "display_name": "x" * 201}, "Field cannot be longer than 200 characters."),
    ({**NEW_ACCOUNT, "role": "superuser"}, "Not a valid choice"),
    ({**NEW_ACCOUNT, "password": "x" * 129}, "Field cannot be longer than 128 characters."),
])
def test_a_refused_new_account_says_why_and_changes_nothing(app, db, demo, form, message):
    admin = signed_in(app, "admin")
    before = database_state(db)
    response = admin.post("/admin/users/new", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert database_state(db) == before


def test_deactivating_an_account_ends_its_open_sessions_at_once(app, db, demo):
    leader = signed_in(app, "leader")
    assert leader.get(f"{BASE}/").status_code == 200
    admin = signed_in(app, "admin")
    target = account(db, "leader")
    response = admin.post(f"/admin/users/{target.id}", data=account_form(target, is_active=None))
    assert response.status_code == 302
    assert leader.get(f"{BASE}/").status_code == 302  # back to the login page
    assert leader.get(f"{BASE}/").location.startswith("/login")
    assert app.test_client().post("/login", data={"login": "leader", "password": "demo"}).status_code == 401
    entry = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "users", AuditEntry.record_id == target.id)
                       .order_by(AuditEntry.id.desc())).first()
    assert entry.summary == "Account deactivated"
    assert entry.before["is_active"] is True and entry.after["is_active"] is False
    history = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "Account deactivated" in history and "Deactivated" in history


def test_a_changed_role_applies_to_the_open_session_at_once(app, db, demo):
    officer = signed_in(app, "officer")
    assert officer.get(f"{BASE}/records/activities/new").status_code == 200
    admin = signed_in(app, "admin")
    target = account(db, "officer")
    minusma = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    admin.post(f"/admin/users/{target.id}", data=account_form(target, **{f"mission_{minusma.id}": "leadership"}))
    assert account(db, "officer").role_in(minusma) is Role.LEADERSHIP
    assert officer.get(f"{BASE}/records/activities/new").status_code == 403


def test_a_temporary_password_ends_the_sessions_and_must_be_changed(app, db, demo):
    reviewer = signed_in(app, "reviewer")
    admin = signed_in(app, "admin")
    target = account(db, "reviewer")
    short = admin.post(f"/admin/users/{target.id}/password", data={"temporary_password": "abc"})
    assert short.status_code == 400 and "at least 8 characters" in short.get_data(as_text=True)
    assert reviewer.get(f"{BASE}/").status_code == 200  # a refused password changes nothing
    admin.post(f"/admin/users/{target.id}/password", data={"temporary_password": "reset-2026-12"})
    assert reviewer.get(f"{BASE}/").location.startswith("/login")
    again = app.test_client()
    assert again.post("/login", data={"login": "reviewer", "password": "reset-2026-12"}).location == "/account/password"
    summaries = db.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "users",
                                                            AuditEntry.record_id == target.id)).all()
    assert "Temporary password set" in summaries


def test_an_account_form_opened_before_another_change_is_refused_with_what_changed(app, db, demo):
    admin = signed_in(app, "admin")
    target = account(db, "officer")
    outdated = account_form(target)
    admin.post(f"/admin/users/{target.id}", data=account_form(target, display_name="Amina Traoré"))
    response = admin.post(f"/admin/users/{target.id}", data={**outdated, "role": "leadership"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "someone else changed this account" in page and "Amina Traoré" in page
    saved = account(db, "officer")
    minusma = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    assert saved.role is None and saved.role_in(minusma) is Role.PLANNING_OFFICER
    assert saved.display_name == "Amina Traoré"


def test_an_administrator_cannot_lock_themself_or_the_app_out(app, db, demo):
    admin = signed_in(app, "admin")
    me = account(db, "admin")
    before = database_state(db)
    response = admin.post(f"/admin/users/{me.id}", data=account_form(me, is_active=None))
    assert "You cannot change your own role or deactivate your own account" in response.get_data(as_text=True)
    # A second administrator may not remove the last other one either.
    other = signed_in_as_new_admin(app, admin, db)
    response = other.post(f"/admin/users/{me.id}", data=account_form(account(db, "admin"), role="leadership"))
    assert response.status_code == 302  # two administrators: one may go
    last = account(db, "second.admin@un.org")
    assert signed_in(app, "admin").get("/admin/users").status_code == 403
    response = other.post(f"/admin/users/{last.id}", data=account_form(last, is_active=None))
    assert "own account" in response.get_data(as_text=True)
    assert account(db, "second.admin@un.org").is_active
    assert database_state(db)["users"] == before["users"] + 1


def signed_in_as_new_admin(app, admin, db):
    admin.post("/admin/users/new", data={"login": "second.admin@un.org", "display_name": "Second", "role": "admin",
                                         "password": "temporary-1"})
    client = signed_in(app, "second.admin@un.org", "temporary-1")
    client.post("/account/password", data={"current_password": "temporary-1", "password": "second-admin-pw",
                                           "confirmation": "second-admin-pw"})
    return client


@pytest.mark.parametrize("role_login", ["officer", "reviewer", "leader"])
def test_only_administrators_may_manage_accounts_even_with_crafted_requests(app, db, demo, role_login):
    client = signed_in(app, role_login)
    target = account(db, "admin")
    before = database_state(db)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users/new").status_code == 403
    assert client.post("/admin/users/new", data=NEW_ACCOUNT).status_code == 403
    assert client.get(f"/admin/users/{target.id}").status_code == 403
    assert client.post(f"/admin/users/{target.id}", data=account_form(target, is_active=None)).status_code == 403
    assert client.post(f"/admin/users/{target.id}/password",
                       data={"temporary_password": "taken-over-1"}).status_code == 403
    assert database_state(db) == before
    assert 'href="/admin/users"' not in client.get(f"{BASE}/").get_data(as_text=True)


def test_logging_out_ends_every_session_and_remember_me_cookie_of_the_user(app, db, demo):
    office = app.test_client()
    office.post("/login", data={"login": "officer", "password": "demo", "remember": "y"})
    remembered = office.get_cookie("remember_token")
    assert remembered is not None
    laptop = signed_in(app, "officer")
    laptop.post("/logout")
    assert office.get(f"{BASE}/").location.startswith("/login")
    replayed = app.test_client()
    replayed.set_cookie("remember_token", remembered.value)
    assert replayed.get(f"{BASE}/").location.startswith("/login")


def test_a_password_change_ends_the_other_sessions_only(app, db, demo):
    office, laptop = signed_in(app, "officer"), signed_in(app, "officer")
    wrong = laptop.post("/account/password", data={"current_password": "nope", "password": "officer-2026",
                                                   "confirmation": "officer-2026"})
    assert "This is not your current password." in wrong.get_data(as_text=True)
    assert office.get(f"{BASE}/").status_code == 200
    laptop.post("/account/password", data={"current_password": "demo", "password": "officer-2026",
                                           "confirmation": "officer-2026"})
    assert laptop.get(f"{BASE}/").status_code == 200
    assert office.get(f"{BASE}/").location.startswith("/login")


def test_a_csrf_token_does_not_survive_a_change_of_user(make_app, demo):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()

    def token(path: str) -> str:
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                         client.get(path).get_data(as_text=True)).group(1)

    first = token("/login")
    client.post("/login", data={"login": "officer", "password": "demo", "csrf_token": first})
    assert token(f"{BASE}/records/activities/new") != first
    csrf_app.extensions["cpas.engine"].dispose()


def test_officers_may_not_create_change_or_delete_missions_and_periods(app, db, demo):
    officer = signed_in(app, "officer")
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    before = database_state(db)
    assert officer.get(f"{BASE}/records/missions/new").status_code == 403
    assert officer.post(f"{BASE}/records/missions/new", data={"code": "MINUX", "name": "X", "country": "X"}
                        ).status_code == 403
    assert officer.post(f"{BASE}/records/periods/{period.id}/edit", data={
        "label": "2019/20", "starts_on": "2019-07-01", "ends_on": "2020-12-31", "version": period.version}
    ).status_code == 403
    assert officer.post(f"{BASE}/records/missions/{mission.id}/delete").status_code == 403
    assert database_state(db) == before
    listing = officer.get(f"{BASE}/records/periods/").get_data(as_text=True)
    assert f"{BASE}/records/periods/new" not in listing
    admin = signed_in(app, "admin")
    assert f"{BASE}/records/periods/new" in admin.get(f"{BASE}/records/periods/").get_data(as_text=True)


def test_an_officers_workbook_may_not_change_a_period_but_may_carry_it_unchanged(db, demo):
    from tests.test_workbook import edited, export

    officer = account(db, "officer")
    data = export(db)
    unchanged = import_workbook(db, data, officer, apply=False)
    assert unchanged.problems == []

    def longer_period(book):
        sheet = book["Budget periods"]
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "2019/20")
        row[3].value = date(2020, 12, 31)

    before = database_state(db)
    result = import_workbook(db, edited(data, longer_period), officer, apply=True)
    assert [problem.message for problem in result.problems] == ["Your role may not change Budget periods."]
    assert database_state(db) == before
    assert db.scalar(select(BudgetPeriod.ends_on).where(BudgetPeriod.label == "2019/20")) == date(2020, 6, 30)


def test_each_login_has_its_own_remember_me_token_and_logins_are_bounded(app, db, demo):
    tokens = []
    clients = []
    for _ in range(MAX_LOGINS_PER_ACCOUNT + 1):
        client = app.test_client()
        client.post("/login", data={"login": "officer", "password": "demo", "remember": "y"})
        tokens.append(client.get_cookie("remember_token").value)
        clients.append(client)
    assert len(set(tokens)) == len(tokens)  # random per login
    officer = account(db, "officer")
    assert db.scalar(select(func.count()).select_from(LoginSession).where(LoginSession.user_id == officer.id)) \
        == MAX_LOGINS_PER_ACCOUNT
    assert clients[0].get(f"{BASE}/").location.startswith("/login")  # the oldest login ended
    assert clients[-1].get(f"{BASE}/").status_code == 200
    admin = signed_in(app, "admin")
    page = admin.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert f"Signed in on {MAX_LOGINS_PER_ACCOUNT} browsers now." in page


def test_a_login_ends_after_its_stated_lifetime(app, db, demo):
    client = signed_in(app, "officer")
    started = db.scalar(select(LoginSession).join(User).where(User.login == "officer"))
    started.started_at -= timedelta(days=LOGIN_DAYS, minutes=1)
    db.commit()
    assert client.get(f"{BASE}/").location.startswith("/login")
