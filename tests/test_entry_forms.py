"""Entering records through the forms: what is accepted, what is refused and with which message,
and that a refusal leaves the database exactly as it was."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from cpas.models import (
    Activity,
    AssessmentStatus,
    AuditAction,
    AuditEntry,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpectedAccomplishment,
    ImpactAssessment,
    Mandate,
    MandatedTask,
)
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20/records"
ACTIVITY = {"title": "Community dialogue in Bandiagara", "pillar": "civilian", "status": "planned",
            "starts_on": "2019-08-01", "ends_on": "2019-09-30", "region": "Mopti",
            "tasks": ["S/RES/2480 (2019) · OP 21"]}


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def post(client, path, data):
    return client.post(BASE + path, data=data)


def amount_form(amount, stage="revised", line="BL-001", **extra):
    return {"line": line, "stage": stage, "amount": amount, "provenance": "entered", **extra}


@pytest.mark.parametrize(("typed", "stored"), [("1,234,567.89", Decimal("1234567.89")),
                                               ("1234567", Decimal("1234567.00")),
                                               ("1 234 567,5".replace(",", "."), Decimal("1234567.50"))])
def test_money_accepts_grouped_and_plain_amounts(officer, db, typed, stored):
    response = post(officer, "/budget-amounts/new", amount_form(typed))
    assert response.status_code == 302
    amount = db.scalar(select(BudgetAmount).where(BudgetAmount.stage == BudgetStage.REVISED))
    assert amount.amount == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("1234.567", "An amount has at most two decimals (cents)."),
    ("-500", "An amount cannot be negative here."),
    ("12,34", "Enter a number such as 1,234,567.89 or 1234567."),
    ("about 5000", "Enter a number such as 1,234,567.89 or 1234567."),
    ("", "This field is required."),
    ("10,000,000,000,000.00", "An amount is at most 9,999,999,999,999.99."),
    ("1" + "0" * 40, "An amount is at most 9,999,999,999,999.99."),
])
def test_money_refusals_show_a_message_and_change_nothing(officer, db, typed, message):
    before = database_state(db)
    response = post(officer, "/budget-amounts/new", amount_form(typed))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert database_state(db) == before


def test_dates_are_checked_against_each_other_and_the_period(officer, db):
    before = database_state(db)
    backwards = post(officer, "/activities/new", {**ACTIVITY, "starts_on": "2019-10-01", "ends_on": "2019-09-01"})
    assert "The end date cannot be before the start date." in backwards.get_data(as_text=True)
    outside = post(officer, "/activities/new", {**ACTIVITY, "starts_on": "2021-01-05", "ends_on": "2021-02-01"})
    assert "The date must fall within the budget period 2019/20 (2019-07-01 to 2020-06-30)." in \
        outside.get_data(as_text=True)
    nonsense = post(officer, "/activities/new", {**ACTIVITY, "starts_on": "31 février"})
    assert "Enter a date as YYYY-MM-DD" in nonsense.get_data(as_text=True)
    assert database_state(db) == before


def test_un_numbering_is_unique_and_sits_under_its_parent(officer, db):
    before = database_state(db)
    duplicate = post(officer, "/expected-accomplishments/new", {"component": "2", "number": "2.1", "text": "Again"})
    assert "Expected accomplishment 2.1 exists already." in duplicate.get_data(as_text=True)
    misplaced = post(officer, "/expected-accomplishments/new", {"component": "2", "number": "3.1", "text": "Wrong"})
    assert "The number must be 2.N, under its parent" in misplaced.get_data(as_text=True)
    assert database_state(db) == before
    created = post(officer, "/expected-accomplishments/new", {"component": "2", "number": "2.2", "text": "New"})
    assert created.status_code == 302
    assert db.scalar(select(ExpectedAccomplishment.text).where(ExpectedAccomplishment.number == "2.2")) == "New"


def test_creating_an_activity_links_tasks_gives_a_reference_and_audits(officer, db):
    response = post(officer, "/activities/new", ACTIVITY)
    assert response.status_code == 302
    activity = db.scalar(select(Activity).where(Activity.title == ACTIVITY["title"]))
    assert activity.ref == "A-004"
    assert [task.paragraph_ref for task in activity.tasks] == ["OP 21"]
    entry = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "activities",
                                               AuditEntry.record_id == activity.id))
    assert entry.action is AuditAction.CREATE and entry.after["title"] == ACTIVITY["title"]
    assert entry.user.login == "officer"


def test_french_refusal_messages(officer):
    response = officer.post(BASE + "/budget-amounts/new?lang=fr", data=amount_form("12,345"))  # 12.345 in French
    assert "Un montant comporte au plus deux décimales (centimes)." in response.get_data(as_text=True)


def test_a_stale_save_is_refused_with_what_changed_and_never_overwrites(app, client, demo, db):
    first, second = app.test_client(), app.test_client()
    login(first, "officer")
    login(second, "admin")
    activity = db.scalar(select(Activity).where(Activity.ref == "A-002"))
    form = {**ACTIVITY, "title": activity.title, "region": "Mopti", "starts_on": "2019-07-01",
            "ends_on": "2020-06-30", "pillar": "civilian", "status": "ongoing",
            "tasks": ["S/RES/2480 (2019) · OP 28 (d)"], "version": str(activity.version)}
    saved = first.post(f"{BASE}/activities/{activity.id}/edit", data={**form, "region": "Ségou"})
    assert saved.status_code == 302
    refused = second.post(f"{BASE}/activities/{activity.id}/edit", data={**form, "region": "Tombouctou"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Not saved: someone else changed this record after you opened it." in page
    assert "Ségou" in page and "Tombouctou" in page  # what is saved now, and what was typed
    db.expire_all()
    assert db.get(Activity, activity.id).region == "Ségou"
    updates = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "activities",
                                                  AuditEntry.record_id == activity.id,
                                                  AuditEntry.action == AuditAction.UPDATE)).all()
    assert len(updates) == 1
    assert updates[0].user.login == "officer"
    assert (updates[0].before["region"], updates[0].after["region"]) == ("Mopti", "Ségou")


def test_changing_an_approved_amount_asks_for_a_reason(officer, db):
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    amount = db.scalar(select(BudgetAmount).join(BudgetLine).where(
        BudgetLine.ref == "BL-002", BudgetLine.period_id == period.id, BudgetAmount.stage == BudgetStage.APPROVED))
    form = amount_form("444000001.00", stage="approved", line="BL-002", version=str(amount.version))
    before = database_state(db)
    refused = post(officer, f"/budget-amounts/{amount.id}/edit", form)
    assert "Changing an amount of the approved budget needs a reason." in refused.get_data(as_text=True)
    assert database_state(db) == before
    saved = post(officer, f"/budget-amounts/{amount.id}/edit", {**form, "reason": "GA resolution 73/xyz corrigendum"})
    assert saved.status_code == 302
    entry = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "budget_amounts",
                                               AuditEntry.action == AuditAction.UPDATE))
    assert entry.reason == "GA resolution 73/xyz corrigendum"
    assert (entry.before["amount"], entry.after["amount"]) == ("444000000.00", "444000001.00")


def test_deleting_a_record_others_depend_on_explains_and_refuses(officer, db):
    mandate_id = db.scalar(select(Mandate.id))
    mandate_page = officer.get(f"{BASE}/mandates/{mandate_id}/delete").get_data(as_text=True)
    assert "This record cannot be deleted: other records depend on it." in mandate_page
    assert "OP 20" in mandate_page
    before = database_state(db)
    officer.post(f"{BASE}/mandates/{mandate_id}/delete")
    assert database_state(db) == before


def test_a_deleted_record_stays_in_its_history(officer, db):
    activity_id = db.scalar(select(Activity.id).where(Activity.ref == "A-003"))
    # The demo's military contingents line serves it: moved off it first, or the deletion is refused.
    db.execute(update(BudgetLine).where(BudgetLine.activity_id == activity_id).values(activity_id=None))
    db.commit()
    assert officer.post(f"{BASE}/activities/{activity_id}/delete").status_code == 302
    db.expire_all()
    assert db.get(Activity, activity_id) is None
    history = officer.get(f"{BASE}/activities/{activity_id}/history").get_data(as_text=True)
    assert "This record has been deleted; its history remains." in history
    assert "Support to cantonment and the DDR process" in history


def test_list_filters_search_sort_and_page(officer):
    by_stage = officer.get(f"{BASE}/budget-amounts/?stage=approved").get_data(as_text=True)
    assert "23 records" in by_stage  # 21 classes and the 2 items below gross requirements
    search = officer.get(f"{BASE}/activities/?q=monitoring").get_data(as_text=True)
    assert "1 record" in search and "A-002" in search and "A-001" not in search
    sorted_desc = officer.get(f"{BASE}/budget-lines/?sort=ref&dir=desc").get_data(as_text=True)
    assert sorted_desc.index("BL-021") < sorted_desc.index("BL-001")
    page_one = officer.get(f"{BASE}/budget-amounts/").get_data(as_text=True)
    after = re.search(r'href="[^"]*\?after=(\d+)"', page_one).group(1)
    page_two = officer.get(f"{BASE}/budget-amounts/?after={after}").get_data(as_text=True)
    assert "69 records" in page_two and "Records 51 to 69 of 69" in page_two


def test_reviewer_cannot_edit_an_activity_but_can_explain_a_variance(client, demo, db):
    login(client, "reviewer")
    activity_id = db.scalar(select(Activity.id).where(Activity.ref == "A-001"))
    assert client.get(f"{BASE}/activities/{activity_id}/edit").status_code == 403
    assert client.post(f"{BASE}/activities/new", data=ACTIVITY).status_code == 403
    page = client.get(f"{BASE}/activities/{activity_id}").get_data(as_text=True)
    assert "/edit" not in page and "History" in page
    created = client.post(f"{BASE}/variance-explanations/new", data={
        "expenditure_class": "Air operations", "report_kind": "budget", "cause": "cost_parameters",
        "text": "Lower rental costs of the rotary-wing fleet."})
    assert created.status_code == 302


def test_a_closed_period_is_read_only_except_to_admins(app, client, demo, db):
    login(client, "admin")
    assert client.post("/m/MINUSMA/2019-20/period/close", data={"reason": "Accounts closed"}).status_code == 302
    client.post("/logout")
    login(client, "officer")
    before = database_state(db)
    refused = post(client, "/budget-amounts/new", amount_form("1000"))
    assert "Budget period 2019/20 is closed for MINUSMA" in refused.get_data(as_text=True)
    assert database_state(db) == before
    page = client.get(f"{BASE}/budget-lines/").get_data(as_text=True)
    assert "is closed for MINUSMA" in page and "New budget line" not in page
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    line_page = client.get(f"{BASE}/budget-lines/{line.id}").get_data(as_text=True)
    assert ">Edit<" not in line_page and ">Delete<" not in line_page and ">Add<" not in line_page
    mandate_ok = post(client, "/mandated-tasks/new", {"mandate": "S/RES/2480 (2019)", "paragraph_ref": "OP 40",
                                                     "title": "New task", "priority": "other"})
    assert mandate_ok.status_code == 302  # the mandate is not a figure of the period
    client.post("/logout")
    login(client, "admin")
    assert ">Edit<" in client.get(f"{BASE}/budget-lines/{line.id}").get_data(as_text=True)
    assert post(client, "/budget-amounts/new", amount_form("1000")).status_code == 302


def test_changing_a_submitted_assessment_asks_for_a_reason(officer, db):
    created = post(officer, "/impact-assessments/new", {
        "outcome": "O1", "title": "Protection of civilians in Central Mali, 2019", "covers_from": "2019-01-01",
        "covers_to": "2019-12-31", "rating": "Some progress", "status": "submitted",
        "rating_justification": "Fewer deaths in Mopti since the operation began.",
        "analysis": "Deaths rose in Mopti despite the operations."})
    assert created.status_code == 302
    assessment_id = int(created.location.rstrip("/").split("/")[-1])
    assessment = db.get(ImpactAssessment, assessment_id)
    assert assessment.rating.code == "some_progress"
    assert assessment.status is AssessmentStatus.DRAFT  # the form sets no status: the cycle does
    assert officer.post(f"/m/MINUSMA/2019-20/assessments/{assessment_id}/submit").status_code == 302
    db.expire_all()
    assessment = db.get(ImpactAssessment, assessment_id)
    assert assessment.status is AssessmentStatus.SUBMITTED
    form = {"outcome": "O1", "title": assessment.title, "covers_from": "2019-01-01", "covers_to": "2019-12-31",
            "rating": "No progress", "status": "submitted", "analysis": assessment.analysis,
            "rating_justification": assessment.rating_justification, "version": str(assessment.version)}
    before = database_state(db)
    refused = post(officer, f"/impact-assessments/{assessment_id}/edit", form)
    assert "Changing a submitted assessment needs a reason." in refused.get_data(as_text=True)
    assert database_state(db) == before
    saved = post(officer, f"/impact-assessments/{assessment_id}/edit", {**form, "reason": "JMAC data revised"})
    assert saved.status_code == 302
    db.expire_all()
    assert db.get(ImpactAssessment, assessment_id).rating.code == "no_progress"


def test_long_lists_page_by_first_previous_next_and_last(make_app, demo):
    small_pages = make_app(ROWS_PER_PAGE=5)
    client = small_pages.test_client()
    login(client, "officer")
    page = client.get(f"{BASE}/budget-amounts/?page=last").get_data(as_text=True)
    links = page.split('class="pagination')[1].split("</ul>")[0]
    assert "69 records" in page and "Records 65 to 69 of 69" in page
    assert 'aria-label="First page"' in links and "?before=" in links and 'rel="prev"' in links
    assert '<span class="page-link" aria-disabled="true" aria-label="Next page"' in links  # no page after the last
    small_pages.extensions["cpas.engine"].dispose()


@pytest.mark.parametrize(("path", "data", "message"), [
    ("/components/new", {"number": "99999999999", "name": "Too many"}, "A whole number is at most 2,147,483,647."),
    ("/indicator-targets/new", {"indicator": "O1.1", "target_on": "2020-06-30", "value": "1" + "0" * 30},
     "A value is at most 99,999,999,999.9999."),
])
def test_numbers_beyond_their_bounds_are_refused_before_any_work(officer, db, path, data, message):
    before = database_state(db)
    response = post(officer, path, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert database_state(db) == before


def test_a_save_whose_commit_fails_is_an_error_and_never_reported_as_saved(make_app, demo, db, monkeypatch):
    failing = make_app(PROPAGATE_EXCEPTIONS=False)
    client = failing.test_client()
    login(client, "officer")
    before = database_state(db)

    def commit_refused(_session):
        raise RuntimeError("the database refused the commit")

    monkeypatch.setattr(failing.extensions["cpas.sessionmaker"].class_, "commit", commit_refused)
    response = client.post(BASE + "/budget-amounts/new", data=amount_form("1000"))
    monkeypatch.undo()
    assert response.status_code == 500
    assert "Budget amount saved." not in client.get(f"{BASE}/budget-amounts/").get_data(as_text=True)
    assert database_state(db) == before


def test_an_optional_number_left_empty_takes_its_default(officer, db):
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 21"))
    form = {"mandate": "S/RES/2480 (2019)", "paragraph_ref": "OP 21", "title": task.title, "text": task.text,
            "priority": task.priority.value, "position": "", "version": str(task.version)}
    assert post(officer, f"/mandated-tasks/{task.id}/edit", form).status_code == 302
    db.expire_all()
    assert db.get(MandatedTask, task.id).position == 0


def test_a_typed_figure_is_entered_until_its_source_document_makes_it_verified(officer, db):
    created = post(officer, "/budget-amounts/new", amount_form("1,000", provenance=""))
    assert created.status_code == 302
    amount = db.scalar(select(BudgetAmount).where(BudgetAmount.amount == Decimal("1000.00")))
    assert amount.provenance.value == "entered"
    before = database_state(db)
    refused = post(officer, "/budget-amounts/new", amount_form("2,000", stage="revised", line="BL-002",
                                                               provenance="verified"))
    assert "Only a figure with its source document may be verified" in refused.get_data(as_text=True)
    assert database_state(db) == before
    verified = post(officer, "/budget-amounts/new", amount_form("2,000", stage="revised", line="BL-002",
                                                                provenance="verified", source_symbol="A/74/737"))
    assert verified.status_code == 302
