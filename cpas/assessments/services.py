"""The assessment cycle: an officer submits a drafted (or returned) assessment to leadership;
leadership approves it, or returns it with a comment. Only leadership decides; an approved
assessment is final. Each step is a change of the assessment with its audit entry, the comment
as its reason. Plain functions over a session: they flush, never commit."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from cpas.audit import ChangeLog, snapshot
from cpas.auth.permissions import EDITORS
from cpas.entry.errors import ValidationError
from cpas.labels import label
from cpas.models import AssessmentStatus, ImpactAssessment, Role, User

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


def steps_open_to(user: User, assessment: ImpactAssessment) -> list[Step]:
    """The steps this user may take on the assessment now."""
    return [step for step in STEPS.values() if user.role in step.roles and assessment.status in step.sources]


def take_step(session: Session, assessment: ImpactAssessment, step: Step, user: User, comment: str = "") -> None:
    """Move the assessment on; PermissionError for a role that may not, ValidationError for a
    step the assessment's status does not allow or a return without its comment."""
    if user.role not in step.roles:
        raise PermissionError(f"{user.role.value} may not {step.name} an assessment")
    if assessment.status not in step.sources:
        raise ValidationError({"comment": _l("This assessment is %(status)s: it cannot be moved on this way.",
                                             status=label(assessment.status))})
    comment = comment.strip()
    if step.comment_required and not comment:
        raise ValidationError({"comment": _l("Say what the officer should revise.")})
    before = snapshot(assessment)
    assessment.status = step.target
    if step in (APPROVE, RETURN):
        assessment.leadership_decision = comment
    changes = ChangeLog(user.id)
    changes.updated(assessment, before, reason=comment, summary=f"{step.name}: {assessment.title}"[:300])
    changes.write(session)
