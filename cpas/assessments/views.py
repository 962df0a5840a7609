"""The assessment cycle's pages: an assessment's steps (submit, approve, return) with its
history, and what awaits the signed-in user."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cpas.assessments.services import STEPS, steps_open_to, suggested_rating, take_step
from cpas.assessments.specs import IMPACT_ASSESSMENTS
from cpas.db import discard_changes
from cpas.entry.errors import ValidationError
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.views import entry_context, load_record
from cpas.labels import label
from cpas.models import AssessmentStatus, AuditEntry, ImpactAssessment, Role
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("assessments", __name__, "/assessments")
# What each role is waiting to act on.
AWAITING = {Role.LEADERSHIP: (AssessmentStatus.SUBMITTED,),
            Role.PLANNING_OFFICER: (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED),
            Role.ADMIN: (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)}


def _cycle_page(assessment, errors=None):
    context = entry_context()
    history = context.session.scalars(
        select(AuditEntry).where(AuditEntry.table_name == ImpactAssessment.__tablename__,
                                 AuditEntry.record_id == assessment.id)
        .options(selectinload(AuditEntry.user)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).all()
    suggestion = suggested_rating(context.session, assessment.outcome, assessment.covers_to, context.tolerance_percent)
    return render_template("assessments/cycle.html", assessment=assessment, spec=IMPACT_ASSESSMENTS,
                           suggestion=suggestion,
                           steps=steps_open_to(context.role, assessment), history=history, errors=errors or {},
                           status_labels={status.value: label(status) for status in AssessmentStatus})


@blueprint.route("/<int:assessment_id>")
def cycle(assessment_id):
    return _cycle_page(load_record(IMPACT_ASSESSMENTS, entry_context(), assessment_id))


@blueprint.route("/<int:assessment_id>/<step_name>", methods=["POST"])
def step(assessment_id, step_name):
    chosen = STEPS.get(step_name)
    if chosen is None:
        abort(404)
    context = entry_context()
    assessment = load_record(IMPACT_ASSESSMENTS, context, assessment_id)
    if context.role not in chosen.roles:
        abort(403)
    try:
        take_step(context.session, assessment, chosen, current_user, request.form.get("comment", ""),
                  role=context.role)
    except ValidationError as error:
        discard_changes()
        return _cycle_page(load_record(IMPACT_ASSESSMENTS, context, assessment_id), error.errors)
    flash(_("The assessment is now: %(status)s.", status=label(assessment.status)), "success")
    return redirect(url_for(".cycle", assessment_id=assessment.id))


@blueprint.route("/awaiting")
def awaiting():
    """The assessments waiting for the signed-in user to act."""
    context = entry_context()
    statuses = AWAITING.get(context.role, ())
    assessments = context.session.scalars(
        scoped_select(IMPACT_ASSESSMENTS, context).where(ImpactAssessment.status.in_(statuses))
        .options(*key_options(IMPACT_ASSESSMENTS)).order_by(ImpactAssessment.covers_to, ImpactAssessment.id)
    ).all() if statuses else []
    return render_template("assessments/awaiting.html", assessments=assessments, spec=IMPACT_ASSESSMENTS)
