"""Every page needs a login; forms need a CSRF token; login failures give nothing away."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from cpas import config
from cpas.auth.services import FAILURE_WINDOW, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_LOGIN, create_user
from cpas.db import get_session
from cpas.models import LoginFailure, Role, User
from tests.conftest import login

PUBLIC_ENDPOINTS = {"auth.login", "core.healthz"}
# Static files are public so that the login page is styled; they hold no data.
STATIC_ENDPOINTS = {"static", "bootstrap.static"}


def concrete_url(rule) -> str:
    values = {"mission_code": "MINUSMA", "period_slug": "2019-20"}
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<{argument}>", values.get(argument, "1"))
    return re.sub(r"<\w+:(\w+)>", "1", path)


def test_every_route_but_login_and_healthz_sends_an_anonymous_user_to_login(app, client, demo):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS | STATIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(concrete_url(rule), method=method)
            assert response.status_code == 302, f"{method} {rule.rule} answered {response.status_code}"
            assert response.location.startswith("/login"), f"{method} {rule.rule} went to {response.location}"
            checked += 1
    assert checked >= 8


def test_login_and_healthz_are_open(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_wrong_password_and_an_unknown_login_get_the_same_single_message(client, demo):
    wrong_password = client.post("/login", data={"login": "officer", "password": "wrong"})
    unknown_login = client.post("/login", data={"login": "nobody", "password": "demo"})
    for response in (wrong_password, unknown_login):
        page = response.get_data(as_text=True)
        assert response.status_code == 401
        assert page.count("Invalid login or password.") == 1
        assert "unknown" not in page.lower() and "incorrect password" not in page.lower()
    assert client.get("/").status_code == 302  # still anonymous


def test_a_post_without_csrf_token_is_refused(make_app, demo):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    response = client.post("/login", data={"login": "officer", "password": "demo"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not logged in
    csrf_app.extensions["cpas.engine"].dispose()


def test_logging_in_with_the_form_token_works_and_logout_needs_a_post(make_app, demo):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": "officer", "password": "demo", "csrf_token": token.group(1)})
    assert response.status_code == 302
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no token: still logged in
    assert client.get("/missions").status_code == 200
    # The account menu's log-out button posts the page's token, and that signs out.
    page = client.get("/m/MINUSMA/2019-20/").get_data(as_text=True)
    logout_form = re.search(r'<form method="post" action="/logout"[^>]*>\s*<input type="hidden" name="csrf_token" '
                            r'value="([^"]+)">\s*<button class="dropdown-item" type="submit">Log out</button>', page)
    assert logout_form is not None
    assert client.post("/logout", data={"csrf_token": logout_form.group(1)}).status_code == 302
    assert client.get("/missions").status_code == 302  # to the login page
    csrf_app.extensions["cpas.engine"].dispose()


def test_session_cookie_is_httponly_and_samesite(client, demo):
    response = login(client, "officer")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_passwords_are_stored_as_scrypt_hashes(db, demo_hashed_as_in_production):
    stored = db.scalar(select(User.password_hash).where(User.login == "officer"))
    assert stored.startswith("scrypt:")
    assert "demo" not in stored


def test_accounts_hashed_by_an_earlier_method_still_log_in(app, db):
    with app.app_context():
        session = get_session()
        for user_login, method in (("old@un.org", "scrypt"), ("new@un.org", "pbkdf2:sha256:1")):
            app.config["PASSWORD_HASH_METHOD"] = method
            create_user(session, user_login, "pass-word", Role.LEADERSHIP)
        session.commit()
    hashes = dict(db.execute(select(User.login, User.password_hash)).all())
    assert hashes["old@un.org"].startswith("scrypt:") and hashes["new@un.org"].startswith("pbkdf2:sha256:1$")
    for user_login in hashes:
        login(app.test_client(), user_login, "pass-word")
        assert app.test_client().post("/login", data={"login": user_login, "password": "wrong"}).status_code == 401


def test_only_admins_see_the_accounts_page(client, demo):
    login(client, "officer")
    assert client.get("/admin/users").status_code == 403
    client.post("/logout")
    login(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "reviewer" in page and "Budget reviewer" in page


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_to_another_site(client, demo, target):
    response = client.post(f"/login?next={target}", data={"login": "officer", "password": "demo"})
    assert response.location == "/"


def test_the_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load_secret_key(str(tmp_path))
    second = config.load_secret_key(str(tmp_path))
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_records_history_is_shown_only_under_its_own_mission(app, client, db, demo):
    """Another mission's record, live or deleted, has no history under MINUSMA's address."""
    from datetime import date as day

    from cpas.models import Activity, BudgetPeriod, Mission, Pillar

    other = Mission(code="OTHERMIS", name="Another mission", country="Elsewhere")
    db.add(other)
    db.flush()
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    secret = Activity(mission_id=other.id, period_id=period.id, ref="S-1", title="Another mission's plan",
                      pillar=Pillar.CIVILIAN, starts_on=day(2019, 8, 1))
    db.add(secret)
    db.commit()
    login(client, "admin")
    minusma = "/m/MINUSMA/2019-20/records/activities"
    assert client.get(f"{minusma}/{secret.id}/history").status_code == 404
    own = f"/m/OTHERMIS/2019-20/records/activities/{secret.id}"
    assert client.post(f"{own}/delete").status_code == 302
    assert client.get(f"{minusma}/{secret.id}/history").status_code == 404  # deleted, still not MINUSMA's
    assert "Another mission&#39;s plan" in client.get(f"{own}/history").get_data(as_text=True)


def test_every_page_carries_the_protective_headers(client, demo):
    login(client, "officer")
    for path in ("/login", "/m/MINUSMA/2019-20/", "/m/MINUSMA/2019-20/reports/assessment.xlsx"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", re.IGNORECASE)


def test_no_template_holds_a_script_the_policy_would_block():
    templates = Path(__file__).resolve().parents[1] / "templates"
    offending = [f"{path.relative_to(templates)}: {match.group(0)}" for path in templates.rglob("*.html")
                 for pattern in (INLINE_HANDLER, INLINE_SCRIPT) for match in pattern.finditer(path.read_text())]
    assert offending == []


def test_a_next_address_with_a_line_break_goes_home_instead_of_failing(client, demo):
    response = client.post("/login?next=/missions%0d%0aSet-Cookie:%20x=1",
                           data={"login": "officer", "password": "demo"})
    assert response.status_code == 302 and response.location == "/"


def test_search_takes_percent_and_underscore_as_typed(client, demo):
    login(client, "officer")
    assert "A-001" in client.get("/m/MINUSMA/2019-20/records/activities/?q=e").get_data(as_text=True)
    for typed in ("%25", "_", "e%25e", "e_e"):
        page = client.get(f"/m/MINUSMA/2019-20/records/activities/?q={typed}").get_data(as_text=True)
        assert "No record matches these filters." in page and "A-001" not in page


def test_ten_wrong_passwords_make_the_account_wait_with_a_clear_message(client, db, demo):
    for _ in range(MAX_FAILURES_PER_LOGIN):
        assert client.post("/login", data={"login": "officer", "password": "guess"}).status_code == 401
    waiting = client.post("/login", data={"login": "officer", "password": "demo"})  # even the right one
    assert waiting.status_code == 429
    assert "Too many failed logins: wait 15 minutes, then try again." in waiting.get_data(as_text=True)
    other = login(client, "reviewer")  # another account, from the same address, is not held up
    assert other.status_code == 302
    client.post("/logout")
    for failure in db.scalars(select(LoginFailure)):
        failure.at -= FAILURE_WINDOW
    db.commit()
    assert login(client, "officer").status_code == 302
    assert db.scalar(select(func.count()).select_from(LoginFailure)) == 0  # forgotten once past


def test_many_failures_from_one_address_make_every_login_from_it_wait(client, db, demo):
    for number in range(MAX_FAILURES_PER_ADDRESS):
        client.post("/login", data={"login": f"guess{number}@un.org", "password": "guess"})
    assert client.post("/login", data={"login": "officer", "password": "demo"}).status_code == 429
    elsewhere = client.post("/login", data={"login": "officer", "password": "demo"},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(("raised", "status", "message"), [
    (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")), 409,
     "someone else saved the same record at the same moment"),
    (StaleDataError("UPDATE statement on table 'activities' expected to update 1 row(s); 0 were matched."), 409,
     "someone else saved the same record at the same moment"),
    (OperationalError("UPDATE", {}, Exception("database is locked")), 503, "The database is busy"),
    (RuntimeError("a bug"), 500, "Something went wrong on our side"),
])
def test_a_save_that_meets_another_in_the_database_gets_a_message_not_a_bare_error(make_app, demo, raised, status,
                                                                                  message):
    served = make_app(PROPAGATE_EXCEPTIONS=False)

    @served.route("/test-failing-save", methods=["POST"])
    def failing_save():
        raise raised

    client = served.test_client()
    login(client, "officer")
    response = client.post("/test-failing-save")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert "Nothing of your change was saved." in response.get_data(as_text=True)
