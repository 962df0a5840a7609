"""Access by mission (issue 10 item 10): a role is held per mission, headquarters accounts hold
theirs in every mission, and an account is nobody in a mission it holds no role in — on every
page, export and import."""

import re
from datetime import date
from io import BytesIO

import openpyxl
import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy import select

from cpas import migrate as migrations
from cpas.auth.services import create_account
from cpas.entry.context import EntryContext
from cpas.entry.scoping import scoped_select
from cpas.entry.spec import SPECS
from cpas.exports.xlsx import XLSX_MIME_TYPE
from cpas.models import Activity, AuditEntry, BudgetPeriod, Mission, MissionRole, Role, User
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state

DEMO = "/m/MINUSMA/2019-20"  # mission B: the demo, rich in records of every type
OWN = "/m/MINUSCA/2019-20"  # mission A: the one the officer holds
SCOPED = "/m/<mission_code>/<period_slug>/"
PASSWORD = "minusca-2026"  # noqa: S105 - a test account's


@pytest.fixture
def minusca(db, demo):
    """Mission A and an officer of it alone (with a password of their own: no temporary one)."""
    mission = Mission(code="MINUSCA", name="Stabilization Mission in the Central African Republic",
                      country="Central African Republic", regions="Bangui, Ouaka")
    db.add(mission)
    db.flush()
    officer = create_account(db, "officer@minusca.org", "MINUSCA officer", None, PASSWORD, acting_user=None,
                             mission_roles={mission.id: Role.PLANNING_OFFICER})
    officer.must_change_password = False
    db.commit()
    return mission


def signed_in(app, user_login: str, password: str = "demo"):
    client = app.test_client()
    login(client, user_login, password)
    return client


def demo_ids(db) -> dict[str, int]:
    """The id of one record of each record type in MINUSMA 2019/20 (an assessment drafted for it)."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    context = EntryContext(db, mission, period, None)
    ids = {}
    for name, spec in SPECS.items():
        record_id = db.scalar(scoped_select(spec, context, every_period=True)
                              .with_only_columns(spec.model.id).order_by(spec.model.id).limit(1))
        if record_id is not None:
            ids[name] = record_id
    return ids


def urls_under_a_mission(app, mission_code: str, ids: dict[str, int]):
    """(method, address) of every rule under /m/<mission>/<period>/ in the URL map, filled in with
    ``ids`` (record ids of MINUSMA): each record type's pages once per type."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(SCOPED):
            continue
        fills = [{}]
        if "spec_name" in rule.arguments:
            fills = [{"spec_name": name, "record_id": record_id} for name, record_id in ids.items()
                     if SPECS[name].entered]
        values = []
        for fill in fills:
            value = {"mission_code": mission_code, "period_slug": "2019-20", "record_id": 1,
                     "assessment_id": ids["impact-assessments"], "line_id": ids["budget-lines"],
                     "indicator_id": ids["impact-indicators"], "step_name": "submit", "action": "close",
                     "name": "rbb", "token": "any", **fill}
            values.append({key: value[key] for key in rule.arguments})
        for value in values:
            path = rule.build(value, append_unknown=False)[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, path, bool(rule.arguments & {"record_id", "assessment_id", "line_id", "indicator_id"})


def text_of(response) -> str:
    """A page's text, every cell of a workbook, or a PDF's text (the leadership brief)."""
    if response.mimetype == XLSX_MIME_TYPE and response.status_code == 200:
        book = openpyxl.load_workbook(BytesIO(response.get_data()))
        return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    if response.mimetype == "application/pdf" and response.status_code == 200:
        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.get_data())).pages)
    return response.get_data(as_text=True)


def secrets_of_minusma(db) -> list[str]:
    """What of MINUSMA no page may show to someone who holds no role in it."""
    activities = db.scalars(select(Activity.title).join(Mission).where(Mission.code == "MINUSMA")).all()
    return ["MINUSMA", "Stabilization Mission in Mali", *activities]


def drafted_demo_assessment(app) -> None:
    officer = signed_in(app, "officer")
    created = officer.post(f"{DEMO}/records/impact-assessments/new", data={
        "outcome": "O1", "title": "Protection of civilians in Central Mali, 2019", "covers_from": "2019-01-01",
        "covers_to": "2019-12-31", "rating": "Regression", "analysis": "Deaths rose fourfold in 2018."})
    assert created.status_code == 302


def test_an_officer_of_one_mission_reaches_nothing_of_another_through_any_address(app, db, minusca):
    drafted_demo_assessment(app)
    ids = demo_ids(db)
    secrets = secrets_of_minusma(db)
    assert len(secrets) > 4
    client = signed_in(app, "officer@minusca.org", PASSWORD)
    before = database_state(db)
    walked = 0
    # Under MINUSMA's own address, every page and every change is unknown (404), as for a mission
    # that does not exist.
    for method, path, _names_a_record in urls_under_a_mission(app, "MINUSMA", ids):
        response = client.open(path, method=method, data={})
        assert response.status_code == 404, f"{method} {path} answered {response.status_code}"
        body = text_of(response).replace(path, "")  # the address typed comes back in links
        assert not [secret for secret in secrets if secret in body], f"{method} {path} shows MINUSMA's data"
        walked += 1
    # Under the officer's own mission, MINUSMA's record ids name nothing, and no page (lists of
    # missions included) shows anything of MINUSMA.
    for method, path, names_a_record in urls_under_a_mission(app, "MINUSCA", ids):
        if method == "POST" and not names_a_record:
            continue  # a change in the officer's own mission: theirs to make
        response = client.open(path, method=method, data={})
        if names_a_record and not path.startswith(f"{OWN}/records/periods/"):  # periods are every mission's
            assert response.status_code in (403, 404), f"{method} {path} answered {response.status_code}"
        body = text_of(response)
        assert not [secret for secret in secrets if secret in body], f"{method} {path} shows MINUSMA's data"
        walked += 1
    assert walked > 100
    assert database_state(db) == before


def test_the_mission_chooser_lists_only_the_missions_held(app, db, minusca):
    client = signed_in(app, "officer@minusca.org", PASSWORD)
    chooser = client.get("/missions").get_data(as_text=True)
    assert "MINUSCA" in chooser and "MINUSMA" not in chooser
    assert "Your role here: Planning officer" in chooser
    index = client.get("/")
    assert "MINUSMA" not in index.get_data(as_text=True) and "MINUSMA" not in (index.location or "")
    missions = client.get(f"{OWN}/records/missions/").get_data(as_text=True)
    assert "MINUSCA" in missions and "MINUSMA" not in missions
    # The administrator and headquarters accounts choose from every mission.
    for user_login in ("admin", "reviewer"):
        every = signed_in(app, user_login).get("/missions").get_data(as_text=True)
        assert "MINUSCA" in every and "MINUSMA" in every


def test_an_account_of_no_mission_is_told_to_ask_for_one(app, db, demo):
    user = create_account(db, "newcomer@un.org", "Newcomer", None, "newcomer-pw", acting_user=None)
    user.must_change_password = False
    db.commit()
    client = signed_in(app, "newcomer@un.org", "newcomer-pw")
    page = client.get("/missions").get_data(as_text=True)
    assert "You hold a role in no mission yet" in page and "MINUSMA" not in page
    assert client.get(f"{DEMO}/").status_code == 404


def test_a_visitor_not_signed_in_is_sent_to_log_in_whatever_the_mission(client, demo):
    for path in (f"{DEMO}/", "/m/NOSUCHMISSION/2019-20/"):
        assert client.get(path).location.startswith("/login")


def test_a_headquarters_reader_reads_every_mission_and_writes_in_none(app, db, minusca):
    reader = create_account(db, "hq.reader@un.org", "Headquarters reader", Role.LEADERSHIP, "hq-reader-pw",
                            acting_user=None)
    reader.must_change_password = False
    db.commit()
    client = signed_in(app, "hq.reader@un.org", "hq-reader-pw")
    before = database_state(db)
    for base in (DEMO, OWN):
        home = client.get(f"{base}/")
        assert home.status_code == 200
        assert "Your role here: Leadership" in home.get_data(as_text=True)
        assert client.get(f"{base}/budget/").status_code == 200
        assert client.get(f"{base}/reports/rbb.xlsx").status_code == 200
        assert client.get(f"{base}/records/activities/new").status_code == 403
        assert client.post(f"{base}/records/activities/new", data={"title": "Not theirs"}).status_code == 403
        assert client.post(f"{base}/workbook/upload", data={}).status_code == 403
        assert client.post(f"{base}/incidents/upload", data={}).status_code == 403
    assert database_state(db) == before
    # The demo's budget reviewer is at headquarters too; the demo's officer is MINUSMA's alone.
    reviewer = signed_in(app, "reviewer")
    assert reviewer.get(f"{OWN}/budget/").status_code == 200 and reviewer.get(f"{DEMO}/budget/").status_code == 200
    officer = signed_in(app, "officer")
    assert officer.get(f"{OWN}/budget/").status_code == 404
    assert "Your role here: Planning officer" in officer.get(f"{DEMO}/").get_data(as_text=True)


def test_a_mission_role_comes_before_the_headquarters_role(db, minusca):
    reader = create_account(db, "hq.officer@un.org", "HQ", Role.BUDGET_REVIEWER, "hq-officer-pw", acting_user=None,
                            mission_roles={minusca.id: Role.PLANNING_OFFICER})
    minusma = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    assert reader.role_in(minusca) is Role.PLANNING_OFFICER
    assert reader.role_in(minusma) is Role.BUDGET_REVIEWER
    admin = db.scalar(select(User).where(User.login == "admin"))
    assert admin.role_in(minusca) is Role.ADMIN and admin.role_in(minusma) is Role.ADMIN


def test_a_workbook_naming_a_mission_not_held_is_refused_and_changes_nothing(app, db, minusca):
    from tests.test_workbook import export

    minusma_workbook = export(db)
    officer = db.scalar(select(User).where(User.login == "officer@minusca.org"))
    before = database_state(db)
    result = import_workbook(db, minusma_workbook, officer, apply=True)
    assert [problem.message for problem in result.problems] == [
        "You hold no role in MINUSMA: a workbook of that mission cannot be imported here."]
    assert not result.applied and result.counts == {}
    db.rollback()
    assert database_state(db) == before
    # Through the page: the preview says so, and a confirmation imports nothing.
    client = signed_in(app, "officer@minusca.org", PASSWORD)
    preview = client.post(f"{OWN}/workbook/upload", data={"workbook": (BytesIO(minusma_workbook), "minusma.xlsx")},
                          content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert "You hold no role in MINUSMA" in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"|name="token" value="([^"]+)"', page)
    if token:
        confirmed = client.post(f"{OWN}/workbook/confirm", data={"token": token.group(1) or token.group(2)})
        assert "Imported:" not in confirmed.get_data(as_text=True)
    db.expire_all()
    after = database_state(db)
    for kept in ("pending_uploads", "login_sessions"):  # the upload awaiting confirmation, the login
        after.pop(kept), before.pop(kept)
    assert after == before


def test_an_administrator_sets_an_accounts_missions_audited_and_an_outdated_copy_is_refused(app, db, minusca):
    admin = signed_in(app, "admin")
    officer = db.scalar(select(User).where(User.login == "officer@minusca.org"))
    minusma = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    page = admin.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert "Roles by mission" in page and f'name="mission_{minusma.id}"' in page
    form = {"display_name": officer.display_name, "role": "", "is_active": "y", "version": officer.version,
            f"mission_{minusca.id}": "planning_officer"}
    saved = admin.post(f"/admin/users/{officer.id}", data={**form, f"mission_{minusma.id}": "budget_reviewer"})
    assert saved.status_code == 302
    db.expire_all()
    assert officer.role_in(minusma) is Role.BUDGET_REVIEWER and officer.role_in(minusca) is Role.PLANNING_OFFICER
    entry = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "users", AuditEntry.record_id == officer.id)
                       .order_by(AuditEntry.id.desc())).first()
    assert entry.summary == "Roles by mission changed"
    assert entry.before["missions"] == {"MINUSCA": "planning_officer"}
    assert entry.after["missions"] == {"MINUSCA": "planning_officer", "MINUSMA": "budget_reviewer"}
    history = admin.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert "MINUSCA: Planning officer; MINUSMA: Budget reviewer" in history
    assert signed_in(app, "officer@minusca.org", PASSWORD).get(f"{DEMO}/budget/").status_code == 200

    # The form opened before that change (its version) is refused, saying what changed.
    before = database_state(db)
    outdated = admin.post(f"/admin/users/{officer.id}", data={**form, f"mission_{minusca.id}": "leadership"})
    assert outdated.status_code == 409
    refused = outdated.get_data(as_text=True)
    assert "someone else changed this account" in refused and "Roles by mission" in refused
    db.expire_all()
    assert database_state(db) == before and officer.role_in(minusca) is Role.PLANNING_OFFICER

    # Taken away again: MINUSMA is unknown to the account at once, its open session included.
    client = signed_in(app, "officer@minusca.org", PASSWORD)
    assert admin.post(f"/admin/users/{officer.id}", data={**form, "version": officer.version}).status_code == 302
    assert client.get(f"{DEMO}/budget/").status_code == 404
    assert db.scalar(select(sa.func.count()).select_from(MissionRole).where(MissionRole.user_id == officer.id)) == 1


def test_an_administrator_holds_every_mission_and_no_role_by_mission(app, db, minusca):
    admin = signed_in(app, "admin")
    created = admin.post("/admin/users/new", data={
        "login": "second.admin@un.org", "display_name": "Second", "role": "admin", "password": "temporary-1",
        f"mission_{minusca.id}": "leadership"})
    assert "An administrator holds every mission" in created.get_data(as_text=True)
    assert db.scalar(select(User).where(User.login == "second.admin@un.org")) is None
    created = admin.post("/admin/users/new", data={
        "login": "analyst@minusca.org", "display_name": "Analyst", "role": "", "password": "temporary-1",
        f"mission_{minusca.id}": "budget_reviewer"})
    assert created.status_code == 302
    analyst = db.scalar(select(User).where(User.login == "analyst@minusca.org"))
    assert analyst.role is None and analyst.role_in(minusca) is Role.BUDGET_REVIEWER
    accounts = admin.get("/admin/users").get_data(as_text=True)
    assert "MINUSCA: Budget reviewer" in accounts and "Budget reviewer in every mission" in accounts


def test_create_user_on_the_command_line_for_one_mission(runner, db, minusca):
    result = runner.invoke(args=["cpas", "create-user", "b@minusca.org", "--role", "leadership",
                                 "--mission", "MINUSCA"], input="pass-word1\npass-word1\n")
    assert result.exit_code == 0, result.output
    assert "leadership in MINUSCA" in result.output
    user = db.scalar(select(User).where(User.login == "b@minusca.org"))
    assert user.role is None and user.role_in(minusca) is Role.LEADERSHIP
    unknown = runner.invoke(args=["cpas", "create-user", "c@un.org", "--role", "leadership", "--mission", "NOPE"],
                            input="pass-word1\npass-word1\n")
    assert unknown.exit_code != 0 and "No mission NOPE" in unknown.output


def test_upgrading_gives_every_account_its_role_in_every_mission(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine, "0013")
    with engine.begin() as connection:
        for login_name, role in (("boss", "admin"), ("amina", "planning_officer"), ("ibrahim", "leadership")):
            connection.execute(sa.text(
                "INSERT INTO users (login, display_name, password_hash, role, is_active, preferred_locale, "
                "created_at, version, must_change_password) VALUES (:login, :login, 'x', :role, true, '', "
                ":at, 1, false)"), {"login": login_name, "role": role, "at": date(2026, 1, 1)})
        for code in ("MINUSMA", "MINUSCA"):
            connection.execute(sa.text("INSERT INTO missions (code, name, country, regions, version) "
                                       "VALUES (:code, :code, 'x', '', 1)"), {"code": code})
    migrations.upgrade(engine)
    with engine.connect() as connection:
        roles = connection.execute(sa.text("SELECT login, role FROM users ORDER BY login")).all()
        held = connection.execute(sa.text(
            "SELECT users.login, missions.code, mission_roles.role FROM mission_roles "
            "JOIN users ON users.id = mission_roles.user_id JOIN missions ON missions.id = mission_roles.mission_id "
            "ORDER BY users.login, missions.code")).all()
    assert roles == [("amina", None), ("boss", "admin"), ("ibrahim", None)]
    assert held == [("amina", "MINUSCA", "planning_officer"), ("amina", "MINUSMA", "planning_officer"),
                    ("ibrahim", "MINUSCA", "leadership"), ("ibrahim", "MINUSMA", "leadership")]
    migrations.downgrade(engine, "0013")
    with engine.connect() as connection:
        roles = connection.execute(sa.text("SELECT login, role FROM users ORDER BY login")).all()
    assert roles == [("amina", "planning_officer"), ("boss", "admin"), ("ibrahim", "leadership")]
    engine.dispose()
