"""CPAS impact assessments as record types: an assessment of an outcome over a period with its
rating, and the recommendations it makes to leadership. Rating levels are reference data seeded
by migration (the configurable rating scale)."""

from flask_babel import lazy_gettext as _l

from cpas.assessments.services import suggested_rating
from cpas.entry.checks import dates_in_order
from cpas.entry.spec import Action, Child, ReasonRule, RecordSpec, Scope, field_of, register
from cpas.labels import label
from cpas.models import AssessmentStatus, ImpactAssessment, RatingLevel, Recommendation, Role


def rating_explained_where_it_differs(values, context) -> dict:
    """The officer rates; where the rating is not the one the indicators' data suggests, the
    assessment says why."""
    rating, outcome, as_of = values.get("rating"), values.get("outcome"), values.get("covers_to")
    if rating is None or outcome is None or as_of is None or (values.get("rating_justification") or "").strip():
        return {}
    suggestion = suggested_rating(context.session, outcome, as_of, context.tolerance_percent)
    if suggestion is None or suggestion is rating:
        return {}
    return {"rating_justification": _l("The indicators' data suggests %(rating)s: say why this rating differs.",
                                       rating=label(suggestion))}


RATING_LEVELS = register(RecordSpec(
    name="rating-levels", model=RatingLevel, label=_l("Rating"), plural=_l("Ratings"), scope=Scope.GLOBAL,
    entered=False, fields=[field_of("label", _l("Label")), field_of("code", _l("Code"))],
    key_fields=("label",), alternate_keys=("code",), order_by=("position",), choice_label=label,
))

IMPACT_ASSESSMENTS = register(RecordSpec(
    name="impact-assessments", model=ImpactAssessment, label=_l("Impact assessment"),
    plural=_l("Impact assessments"), sheet="Impact assessments", scope=Scope.MISSION,
    fields=[
        field_of("outcome", _l("Outcome"), reference="outcomes"),
        field_of("title", _l("Title")),
        field_of("covers_from", _l("Covers from")),
        field_of("covers_to", _l("Covers to")),
        field_of("rating", _l("Rating"), reference="rating-levels"),
        field_of("rating_justification", _l("Why the rating differs from the data"),
                 help=_l("Needed when the rating is not the one the indicators' data suggests.")),
        field_of("analysis", _l("Analysis")),
        field_of("mission_contribution", _l("Contribution of the mission")),
        field_of("external_factors", _l("External factors")),
        # Set by the assessment cycle only (cpas/assessments/services.py): never typed or imported.
        field_of("status", _l("Status"), in_form=False),
        field_of("leadership_decision", _l("Leadership decision"), in_form=False),
    ],
    key_fields=("outcome", "covers_from", "covers_to"),
    list_columns=("outcome", "title", "covers_to", "rating", "status"),
    filters=("status", "outcome"), search=("title", "analysis"), order_by=("covers_to",),
    children=(Child("recommendations", "recommendations", owned=True),),
    checks=(dates_in_order("covers_from", "covers_to"), rating_explained_where_it_differs),
    actions=(Action(_l("Assessment cycle"), "assessments.cycle", "assessment_id",
                    roles=(Role.ADMIN, Role.PLANNING_OFFICER, Role.LEADERSHIP)),),
    frozen=lambda assessment: _l("Approved by leadership: this assessment is final.")
    if assessment.status is AssessmentStatus.APPROVED else None,
    # Once submitted to leadership, every change is explained.
    reason_rule=ReasonRule(
        applies=lambda assessment, _values: assessment.status is AssessmentStatus.SUBMITTED,
        change_message=_l("Changing a submitted assessment needs a reason."),
        delete_message=_l("Deleting a submitted assessment needs a reason."),
        help=_l("Needed when a submitted assessment changes."),
    ),
))

RECOMMENDATIONS = register(RecordSpec(
    name="recommendations", model=Recommendation, label=_l("Recommendation"), plural=_l("Recommendations"),
    sheet="Recommendations", scope=Scope.MISSION,
    fields=[
        field_of("assessment", _l("Impact assessment"), reference="impact-assessments"),
        field_of("position", _l("Position")),
        field_of("text", _l("Text")),
        field_of("owner", _l("Owner")),
        field_of("due_on", _l("Due on")),
        field_of("status", _l("Status")),
    ],
    key_fields=("assessment", "position"), scope_path=("assessment",), parent_field="assessment",
    list_columns=("assessment", "position", "text", "owner", "due_on", "status"), filters=("status",),
    search=("text", "owner"), order_by=("due_on", "position"),
))

SPECS = [IMPACT_ASSESSMENTS, RECOMMENDATIONS]
