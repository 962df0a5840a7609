"""The assessment cycle: an officer drafts and submits, leadership returns or approves; only
leadership decides, and an approved assessment is final, through every way in."""

import re

import pytest
from sqlalchemy import select

from cpas.assessments.specs import IMPACT_ASSESSMENTS
from cpas.models import AssessmentStatus, AuditAction, AuditEntry, ImpactAssessment
from cpas.workbook.layout import headers
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20"
DRAFT = {"outcome": "O1", "title": "Protection of civilians in Central Mali, 2019", "covers_from": "2019-01-01",
         "covers_to": "2019-12-31", "rating": "Regression", "analysis": "Deaths rose fourfold in 2018."}


@pytest.fixture
def officer(app, demo):
    client = app.test_client()
    login(client, "officer")
    return client


@pytest.fixture
def leader(app, demo):
    client = app.test_client()
    login(client, "leader")
    return client


def drafted(officer, status="approved") -> int:
    created = officer.post(f"{BASE}/records/impact-assessments/new", data={**DRAFT, "status": status})
    assert created.status_code == 302
    return int(created.location.rstrip("/").split("/")[-1])


def status_of(db, assessment_id) -> AssessmentStatus:
    db.expire_all()
    return db.get(ImpactAssessment, assessment_id).status


def test_the_cycle_from_draft_to_approval_with_a_return_on_the_way(officer, leader, db):
    assessment_id = drafted(officer)  # a crafted "approved" in the form is not taken
    assert status_of(db, assessment_id) is AssessmentStatus.DRAFT
    assert officer.post(f"{BASE}/assessments/{assessment_id}/submit").status_code == 302
    assert status_of(db, assessment_id) is AssessmentStatus.SUBMITTED
    assert "Protection of civilians in Central Mali, 2019" in leader.get(f"{BASE}/assessments/awaiting").get_data(
        as_text=True)

    before = database_state(db)
    silent = leader.post(f"{BASE}/assessments/{assessment_id}/return", data={"comment": "  "})
    assert "Say what the officer should revise." in silent.get_data(as_text=True)
    assert database_state(db) == before and status_of(db, assessment_id) is AssessmentStatus.SUBMITTED

    leader.post(f"{BASE}/assessments/{assessment_id}/return", data={"comment": "Separate Mopti from Ségou."})
    assert status_of(db, assessment_id) is AssessmentStatus.RETURNED
    assert db.get(ImpactAssessment, assessment_id).leadership_decision == "Separate Mopti from Ségou."
    assert "Protection of civilians" in officer.get(f"{BASE}/assessments/awaiting").get_data(as_text=True)

    officer.post(f"{BASE}/assessments/{assessment_id}/submit", data={"comment": "Split by region."})
    assert leader.post(f"{BASE}/assessments/{assessment_id}/approve",
                       data={"comment": "Plan an operation in Mopti."}).status_code == 302
    assert status_of(db, assessment_id) is AssessmentStatus.APPROVED

    steps = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "impact_assessments",
                                                AuditEntry.record_id == assessment_id,
                                                AuditEntry.action == AuditAction.UPDATE)
                       .order_by(AuditEntry.id)).all()
    assert [entry.after["status"] for entry in steps] == ["submitted", "returned", "submitted", "approved"]
    assert steps[1].reason == "Separate Mopti from Ségou." and steps[3].reason == "Plan an operation in Mopti."


def test_an_officer_can_never_approve_or_return(officer, db):
    assessment_id = drafted(officer)
    officer.post(f"{BASE}/assessments/{assessment_id}/submit")
    before = database_state(db)
    assert officer.post(f"{BASE}/assessments/{assessment_id}/approve").status_code == 403
    assert officer.post(f"{BASE}/assessments/{assessment_id}/return", data={"comment": "x"}).status_code == 403
    page = officer.get(f"{BASE}/assessments/{assessment_id}").get_data(as_text=True)
    assert ">Approve<" not in page and "Return to the officer" not in page
    assessment = db.get(ImpactAssessment, assessment_id)
    edit = {**DRAFT, "status": "approved", "leadership_decision": "Approved by me", "reason": "Because",
            "version": str(assessment.version)}
    officer.post(f"{BASE}/records/impact-assessments/{assessment_id}/edit", data=edit)
    assert status_of(db, assessment_id) is AssessmentStatus.SUBMITTED
    assert db.get(ImpactAssessment, assessment_id).leadership_decision == ""
    after = database_state(db)
    assert {table: count for table, count in after.items() if table != "audit_entries"} == \
        {table: count for table, count in before.items() if table != "audit_entries"}


def test_the_workbook_carries_no_status_to_import():
    assert "Status" not in headers(IMPACT_ASSESSMENTS) and "Leadership decision" not in headers(IMPACT_ASSESSMENTS)


def test_an_approved_assessment_can_no_longer_be_changed_by_anyone(app, officer, leader, db):
    assessment_id = drafted(officer)
    officer.post(f"{BASE}/assessments/{assessment_id}/submit")
    leader.post(f"{BASE}/assessments/{assessment_id}/approve")
    admin = app.test_client()
    login(admin, "admin")
    assessment = db.get(ImpactAssessment, assessment_id)
    before = database_state(db)
    for client in (officer, admin):
        page = client.get(f"{BASE}/records/impact-assessments/{assessment_id}").get_data(as_text=True)
        assert "Approved by leadership: this assessment is final." in page and ">Edit<" not in page
        edit = client.post(f"{BASE}/records/impact-assessments/{assessment_id}/edit",
                           data={**DRAFT, "title": "Rewritten", "reason": "x", "version": str(assessment.version)})
        assert edit.status_code == 302
        assert client.post(f"{BASE}/records/impact-assessments/{assessment_id}/delete",
                           data={"reason": "x"}).status_code == 302
        assert client.post(f"{BASE}/assessments/{assessment_id}/submit").status_code in (200, 403)
    assert leader.post(f"{BASE}/assessments/{assessment_id}/return", data={"comment": "again"}).status_code == 200
    assert database_state(db) == before
    assert db.get(ImpactAssessment, assessment_id).title == DRAFT["title"]


def test_a_budget_reviewer_is_offered_no_step(app, demo, officer, db):
    assessment_id = drafted(officer)
    reviewer = app.test_client()
    login(reviewer, "reviewer")
    assert reviewer.get(f"{BASE}/assessments/{assessment_id}").status_code == 200
    assert reviewer.post(f"{BASE}/assessments/{assessment_id}/submit").status_code == 403
    assert status_of(db, assessment_id) is AssessmentStatus.DRAFT


def test_a_rating_other_than_the_datas_suggestion_must_be_explained(officer, db):
    before = database_state(db)
    unexplained = officer.post(f"{BASE}/records/impact-assessments/new", data={**DRAFT, "rating": "Some progress"})
    assert "The indicators&#39; data suggests Regression: say why this rating differs." in \
        unexplained.get_data(as_text=True)
    assert database_state(db) == before
    explained = officer.post(f"{BASE}/records/impact-assessments/new", data={
        **DRAFT, "rating": "Some progress", "rating_justification": "Mopti improved after Operation Folon I."})
    assert explained.status_code == 302
    assessment_id = int(explained.location.rstrip("/").split("/")[-1])
    assert "Suggested by the data: Regression" in officer.get(f"{BASE}/assessments/{assessment_id}").get_data(
        as_text=True)


def test_the_cycle_pages_make_as_many_queries_with_much_more_data(app, officer, db, count_queries):
    from datetime import date
    from decimal import Decimal

    from cpas.models import DataPoint, Direction, ImpactIndicator, IndicatorTarget, Outcome

    assessment_id = drafted(officer)
    officer.post(f"{BASE}/assessments/{assessment_id}/submit")
    officer.post(f"{BASE}/records/impact-assessments/new", data={**DRAFT, "covers_to": "2019-06-30"})  # awaits
    pages = [f"{BASE}/assessments/{assessment_id}", f"{BASE}/assessments/awaiting", f"{BASE}/results/"]

    def counts():
        measured = {}
        for page in pages:
            with count_queries() as counter:
                assert officer.get(page).status_code == 200
            measured[page] = counter.count
        return measured

    small = counts()
    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    for number in range(25):
        indicator = ImpactIndicator(outcome_id=outcome.id, code=f"O1.{number + 2}", name=f"Indicator {number}",
                                    direction=Direction.HIGHER_IS_BETTER, baseline_value=Decimal(10),
                                    baseline_on=date(2016, 12, 31))
        indicator.targets.append(IndicatorTarget(target_on=date(2020, 6, 30), value=Decimal(20)))
        indicator.data_points.extend(DataPoint(observed_on=date(2017 + year, 12, 31), value=Decimal(11 + year))
                                     for year in range(3))
        db.add(indicator)
        db.add(ImpactAssessment(mission_id=outcome.mission_id, outcome_id=outcome.id, title=f"Round {number}",
                                covers_from=date(2017, 1, 1), covers_to=date(2017, 1, number + 1)))
    db.commit()
    assert counts() == small


def test_rounds_stand_side_by_side_and_open_recommendations_follow_until_closed(officer, db):
    from datetime import date

    from cpas.models import Outcome, RatingLevel, Recommendation, RecommendationStatus

    outcome = db.scalar(select(Outcome).where(Outcome.code == "O1"))
    levels = {level.code: level for level in db.scalars(select(RatingLevel))}
    first = ImpactAssessment(mission_id=outcome.mission_id, outcome_id=outcome.id, title="2018, second half",
                             covers_from=date(2018, 7, 1), covers_to=date(2018, 12, 31), rating=levels["no_progress"])
    first.recommendations.append(Recommendation(position=1, text="Deploy a company to Bandiagara", owner="Force HQ",
                                                due_on=date(2019, 3, 31), status=RecommendationStatus.OPEN))
    first.recommendations.append(Recommendation(position=2, text="Train community alert networks", owner="CAD",
                                                status=RecommendationStatus.DONE))
    second = ImpactAssessment(mission_id=outcome.mission_id, outcome_id=outcome.id, title="2019, first half",
                              covers_from=date(2019, 1, 1), covers_to=date(2019, 6, 30), rating=levels["regression"])
    db.add_all([first, second])
    db.commit()
    page = officer.get(f"{BASE}/results/").get_data(as_text=True)
    rounds = page.split("Impact assessments, round after round")[1]
    assert rounds.index("No progress") < rounds.index("Regression")  # earlier round first
    assert re.search(r'<a href="[^"]+/records/recommendations/\d+">Deploy a company to Bandiagara</a> · Force HQ · '
                     r"due 31 Mar 2019", page) and "overdue" in page
    assert "Train community alert networks" not in page  # closed in the first round
