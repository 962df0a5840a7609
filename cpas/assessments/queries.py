"""Reads of impact assessments by round: a round is a mission's budget period, and an outcome's
assessment of the round is its latest one ending within the period."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from cpas.models import (
    AssessmentStatus,
    AuditAction,
    AuditEntry,
    BudgetPeriod,
    ImpactAssessment,
    RatingLevel,
    Recommendation,
    RecommendationStatus,
)


def _ending_within(mission_id: int, period: BudgetPeriod):
    return (ImpactAssessment.mission_id == mission_id,
            ImpactAssessment.covers_to.between(period.starts_on, period.ends_on))


def round_cutoffs(mission_id: int, period: BudgetPeriod):
    """A subquery of (outcome_id, cutoff): the end of each assessed outcome's assessment of the
    round, the date its indicators are judged as of."""
    return (select(ImpactAssessment.outcome_id, func.max(ImpactAssessment.covers_to).label("cutoff"))
            .where(*_ending_within(mission_id, period)).group_by(ImpactAssessment.outcome_id)
            .subquery("round_cutoffs"))


@dataclass
class RoundAssessments:
    """{outcome id: its assessment of the round}, and how many earlier ones of the same round
    each outcome has (shown on the results page, not in the round)."""

    latest: dict[int, ImpactAssessment] = field(default_factory=dict)
    earlier: dict[int, int] = field(default_factory=dict)


def round_assessments(session: Session, mission_id: int, period: BudgetPeriod,
                      with_recommendations: Collection[int] | None = None) -> RoundAssessments:
    """The assessments ending within the period, with their ratings, and the recommendations of
    the latest assessment of the outcomes ``with_recommendations`` (None: of every assessment)
    (three queries). A round shown a page at a time reads the recommendations of its page only."""
    found = RoundAssessments()
    options = [selectinload(ImpactAssessment.rating)]
    if with_recommendations is None:
        options.append(selectinload(ImpactAssessment.recommendations))
    for assessment in session.scalars(
        select(ImpactAssessment).where(*_ending_within(mission_id, period))
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id).options(*options)
    ):
        if assessment.outcome_id in found.latest:
            found.earlier[assessment.outcome_id] = found.earlier.get(assessment.outcome_id, 0) + 1
        found.latest[assessment.outcome_id] = assessment
    if with_recommendations is not None:
        assessments = {found.latest[outcome_id].id: found.latest[outcome_id]
                       for outcome_id in with_recommendations if outcome_id in found.latest}
        recommendations: dict[int, list[Recommendation]] = {assessment_id: [] for assessment_id in assessments}
        for recommendation in session.scalars(
                select(Recommendation).where(Recommendation.assessment_id.in_(list(assessments)))
                .order_by(Recommendation.assessment_id, Recommendation.position, Recommendation.id)):
            recommendations[recommendation.assessment_id].append(recommendation)
        for assessment_id, assessment in assessments.items():
            set_committed_value(assessment, "recommendations", recommendations[assessment_id])
    return found


def rating_levels(session: Session) -> list[RatingLevel]:
    """The rating scale, most favourable first (one query)."""
    return list(session.scalars(select(RatingLevel).order_by(RatingLevel.position)))


def submitted_assessments(session: Session, mission_id: int, limit: int) -> list[ImpactAssessment]:
    """The mission's assessments submitted and awaiting leadership's approval, oldest first, with
    their outcomes; at most ``limit`` (one query)."""
    return list(session.scalars(
        select(ImpactAssessment).where(ImpactAssessment.mission_id == mission_id,
                                       ImpactAssessment.status == AssessmentStatus.SUBMITTED)
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id).limit(limit)
        .options(joinedload(ImpactAssessment.outcome))))


def overdue_recommendations(session: Session, mission_id: int, as_of: date, limit: int) -> list[Recommendation]:
    """Recommendations of the mission's assessments still open or in progress after their due
    date, the longest overdue first, with their assessments; at most ``limit`` (one query)."""
    return list(session.scalars(
        select(Recommendation).join(Recommendation.assessment)
        .where(ImpactAssessment.mission_id == mission_id, Recommendation.due_on < as_of,
               Recommendation.status.in_((RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)))
        .order_by(Recommendation.due_on, Recommendation.id).limit(limit)
        .options(contains_eager(Recommendation.assessment))))


def recommendations_awaiting_decision(session: Session, mission_id: int, as_of: date,
                                      limit: int) -> list[Recommendation]:
    """Recommendations before leadership and not yet decided on: still open (not taken up, done or
    dropped), of an assessment submitted or approved, and not past their due date (those are
    overdue); the soonest due first, those without a due date last, with their assessments and
    outcomes; at most ``limit`` (one query)."""
    return list(session.scalars(
        select(Recommendation).join(Recommendation.assessment)
        .where(ImpactAssessment.mission_id == mission_id,
               ImpactAssessment.status.in_((AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED)),
               Recommendation.status == RecommendationStatus.OPEN,
               or_(Recommendation.due_on.is_(None), Recommendation.due_on >= as_of))
        .order_by(Recommendation.due_on.is_(None), Recommendation.due_on, Recommendation.id).limit(limit)
        .options(contains_eager(Recommendation.assessment).joinedload(ImpactAssessment.outcome))))


def ratings_before(session: Session, mission_id: int, before: date) -> dict[int, ImpactAssessment]:
    """{outcome id: its latest rated assessment ending before ``before``}: the previous round's
    rating of each outcome (one query)."""
    latest: dict[int, ImpactAssessment] = {}
    for assessment in session.scalars(
        select(ImpactAssessment).where(ImpactAssessment.mission_id == mission_id, ImpactAssessment.covers_to < before,
                                       ImpactAssessment.rating_level_id.is_not(None))
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id).options(joinedload(ImpactAssessment.rating))
    ):
        latest[assessment.outcome_id] = assessment
    return latest


def _counted(session: Session, statement, limit: int) -> tuple[list[ImpactAssessment], int]:
    """The first ``limit`` assessments of ``statement`` and how many it finds in all (one query:
    the count rides on each row as a window)."""
    rows = session.execute(statement.add_columns(func.count().over()).limit(limit)).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def drafts_of(session: Session, mission_id: int, user_id: int, limit: int) -> tuple[list[ImpactAssessment], int]:
    """The mission's draft assessments that ``user_id`` created or changed last (from the audit
    log), the earliest round first, with their outcomes; at most ``limit``, and how many there are
    (one query)."""
    table = ImpactAssessment.__tablename__
    last_entries = (select(func.max(AuditEntry.id)).where(AuditEntry.table_name == table)
                    .group_by(AuditEntry.record_id))
    created = select(AuditEntry.record_id).where(AuditEntry.table_name == table, AuditEntry.user_id == user_id,
                                                 AuditEntry.action == AuditAction.CREATE)
    changed_last = select(AuditEntry.record_id).where(AuditEntry.id.in_(last_entries), AuditEntry.user_id == user_id)
    return _counted(session, select(ImpactAssessment).where(
        ImpactAssessment.mission_id == mission_id, ImpactAssessment.status == AssessmentStatus.DRAFT,
        or_(ImpactAssessment.id.in_(created), ImpactAssessment.id.in_(changed_last)))
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id).options(joinedload(ImpactAssessment.outcome)),
        limit)


def returned_assessments(session: Session, mission_id: int, limit: int) -> tuple[list[ImpactAssessment], int]:
    """The mission's assessments leadership returned for revision (their comment in
    ``leadership_decision``), the earliest round first, with their outcomes; at most ``limit``,
    and how many there are (one query)."""
    return _counted(session, select(ImpactAssessment).where(
        ImpactAssessment.mission_id == mission_id, ImpactAssessment.status == AssessmentStatus.RETURNED)
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id).options(joinedload(ImpactAssessment.outcome)),
        limit)
