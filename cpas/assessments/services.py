"""The assessment cycle: an officer submits a drafted (or returned) assessment to leadership;
leadership approves it, or returns it with a comment. Only leadership decides; an approved
assessment is final. Each step is a change of the assessment with its audit entry, the comment
as its reason. Plain functions over a session: they flush, never commit."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpas.audit import ChangeLog, snapshot
from cpas.auth.permissions import EDITORS
from cpas.entry.errors import ValidationError
from cpas.entry.validation import check_reason
from cpas.labels import label
from cpas.models import AssessmentStatus, ImpactAssessment, ImpactIndicator, Outcome, RatingLevel, Role, User
from cpas.results.progress import suggested_rating_code
from cpas.results.services import progress_by_indicator

DECIDERS = (Role.LEADERSHIP,)


@dataclass(frozen=True)
class Step:
    """A move of the cycle: from which statuses, to which, and who may make it."""

    name: str
    label: object
    sources: tuple[AssessmentStatus, ...]
    target: AssessmentStatus
    roles: tuple[Role, ...]
    comment_required: bool = False


SUBMIT = Step("submit", _l("Submit to leadership"), (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED),
              AssessmentStatus.SUBMITTED, EDITORS)
APPROVE = Step("approve", _l("Approve"), (AssessmentStatus.SUBMITTED,), AssessmentStatus.APPROVED, DECIDERS)
RETURN = Step("return", _l("Return to the officer"), (AssessmentStatus.SUBMITTED,), AssessmentStatus.RETURNED,
              DECIDERS, comment_required=True)
STEPS = {step.name: step for step in (SUBMIT, APPROVE, RETURN)}


def steps_open_to(role: Role | None, assessment: ImpactAssessment) -> list[Step]:
    """The steps who holds ``role`` in the assessment's mission may take on it now."""
    return [step for step in STEPS.values() if role in step.roles and assessment.status in step.sources]


def take_step(session: Session, assessment: ImpactAssessment, step: Step, user: User, comment: str = "", *,
              role: Role | None) -> None:
    """Move the assessment on, by ``user`` holding ``role`` in its mission; PermissionError for a
    role that may not, ValidationError for a step the assessment's status does not allow or a
    return without its comment."""
    if role not in step.roles:
        raise PermissionError(f"{role.value if role else 'nobody'} may not {step.name} an assessment")
    if assessment.status not in step.sources:
        raise ValidationError({"comment": _l("This assessment is %(status)s: it cannot be moved on this way.",
                                             status=label(assessment.status))})
    comment = comment.strip()
    check_reason(comment, "comment")
    if step.comment_required and not comment:
        raise ValidationError({"comment": _l("Say what the officer should revise.")})
    before = snapshot(assessment)
    assessment.status = step.target
    if step in (APPROVE, RETURN):
        assessment.leadership_decision = comment
    changes = ChangeLog(user.id)
    changes.updated(assessment, before, reason=comment, summary=f"{step.name}: {assessment.title}"[:300])
    changes.write(session)


def suggested_rating(session: Session, outcome: Outcome, as_of, tolerance_percent) -> RatingLevel | None:
    """The rating the outcome's indicators suggest as of a date: the least favourable of their
    suggestions (an outcome is not better than its worst-measured indicator). None without data,
    or when the scale has no level of that code."""
    loaded = session.scalars(select(Outcome).where(Outcome.id == outcome.id).options(
        selectinload(Outcome.indicators).selectinload(ImpactIndicator.targets))).all()
    codes = {suggested_rating_code(progress)
             for progress in progress_by_indicator(session, list(loaded), as_of, tolerance_percent).values()}
    codes.discard(None)
    if not codes:
        return None
    return least_favourable(codes, session.scalars(select(RatingLevel).where(RatingLevel.code.in_(codes))).all())


def least_favourable(codes, levels) -> RatingLevel | None:
    """The least favourable level of the scale (the last by position) among those of ``codes``:
    an outcome is not better than its worst-measured indicator."""
    matching = [level for level in levels if level.code in codes]
    return max(matching, key=lambda level: level.position) if matching else None
