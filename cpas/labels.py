"""What the enums and reference codes are called on screen, in the user's language.

The database keeps stable codes; people read these labels.
"""

from flask_babel import lazy_gettext as _l

from cpas.models import (
    ActivityStatus,
    AssessmentStatus,
    AuditAction,
    BudgetStage,
    Direction,
    IncidentInterval,
    IncidentMeasure,
    IndicatorValueKind,
    Pillar,
    PostGrade,
    Provenance,
    RecommendationStatus,
    RegionalAggregation,
    ReportKind,
    Role,
    TaskPriority,
    VarianceCause,
)
from cpas.results.progress import Band, Trend

ENUM_LABELS = {
    BudgetStage.PROPOSED: _l("Proposed"),
    BudgetStage.RECOMMENDED: _l("ACABQ recommended"),
    BudgetStage.APPROVED: _l("Approved"),
    BudgetStage.REVISED: _l("Revised"),
    BudgetStage.EXPENDITURE: _l("Expenditure"),
    TaskPriority.FIRST_STRATEGIC: _l("First strategic priority"),
    TaskPriority.SECOND_STRATEGIC: _l("Second strategic priority"),
    TaskPriority.OTHER: _l("Other task"),
    Pillar.MILITARY: _l("Military"),
    Pillar.POLICE: _l("Police"),
    Pillar.CIVILIAN: _l("Civilian"),
    Pillar.JOINT: _l("Joint"),
    ActivityStatus.PLANNED: _l("Planned"),
    ActivityStatus.ONGOING: _l("Ongoing"),
    ActivityStatus.COMPLETED: _l("Completed"),
    ActivityStatus.CANCELLED: _l("Cancelled"),
    Direction.HIGHER_IS_BETTER: _l("Higher is better"),
    Direction.LOWER_IS_BETTER: _l("Lower is better"),
    RegionalAggregation.SUM: _l("Add up to the whole"),
    RegionalAggregation.NONE: _l("Do not add up (a rate or a share)"),
    IncidentMeasure.FATALITIES: _l("Fatalities"),
    IncidentMeasure.EVENTS: _l("Number of events"),
    IncidentInterval.YEAR: _l("Calendar year"),
    IncidentInterval.QUARTER: _l("Calendar quarter"),
    IncidentInterval.MONTH: _l("Month"),
    Band.ON_TRACK: _l("On track"),
    Band.OFF_TRACK: _l("Off track"),
    Band.NO_TARGET: _l("No target to judge against"),
    Band.NO_DATA: _l("No data"),
    Trend.IMPROVING: _l("Improving"),
    Trend.STABLE: _l("Stable"),
    Trend.DETERIORATING: _l("Deteriorating"),
    Trend.UNKNOWN: _l("Too few values for a trend"),
    Provenance.ENTERED: _l("Entered, no source document yet"),
    Provenance.VERIFIED: _l("Verified"),
    Provenance.DERIVED: _l("Derived"),
    Provenance.ILLUSTRATIVE: _l("Illustrative"),
    VarianceCause.MANDATE: _l("Mandate"),
    VarianceCause.EXTERNAL: _l("External"),
    VarianceCause.COST_PARAMETERS: _l("Cost parameters"),
    VarianceCause.MANAGEMENT: _l("Management"),
    AssessmentStatus.DRAFT: _l("Draft"),
    AssessmentStatus.SUBMITTED: _l("Submitted"),
    AssessmentStatus.RETURNED: _l("Returned"),
    AssessmentStatus.APPROVED: _l("Approved"),
    RecommendationStatus.OPEN: _l("Open"),
    RecommendationStatus.IN_PROGRESS: _l("In progress"),
    RecommendationStatus.DONE: _l("Done"),
    RecommendationStatus.DROPPED: _l("Dropped"),
    Role.ADMIN: _l("Administrator"),
    Role.PLANNING_OFFICER: _l("Planning officer"),
    Role.BUDGET_REVIEWER: _l("Budget reviewer"),
    Role.LEADERSHIP: _l("Leadership"),
    PostGrade.USG_ASG: _l("USG–ASG"),
    PostGrade.D2_D1: _l("D-2–D-1"),
    PostGrade.P5_P4: _l("P-5–P-4"),
    PostGrade.P3_P1: _l("P-3–P-1"),
    PostGrade.FIELD_SERVICE: _l("Field Service"),
    PostGrade.GENERAL_SERVICE: _l("General Service"),
    PostGrade.NATIONAL_PROFESSIONAL: _l("National Professional Officers"),
    PostGrade.NATIONAL_GENERAL_SERVICE: _l("National General Service"),
    PostGrade.UN_VOLUNTEER: _l("United Nations Volunteers"),
    PostGrade.TEMPORARY: _l("Temporary positions"),
    ReportKind.BUDGET: _l("Budget report"),
    ReportKind.PERFORMANCE: _l("Performance report"),
    IndicatorValueKind.TARGET: _l("Target"),
    IndicatorValueKind.ESTIMATE: _l("Estimate"),
    IndicatorValueKind.ACTUAL: _l("Actual"),
    AuditAction.CREATE: _l("created"),
    AuditAction.UPDATE: _l("changed"),
    AuditAction.DELETE: _l("deleted"),
}

# Reference data seeded by the first migration, keyed by its stable code.
REFERENCE_LABELS = {
    "military_police_personnel": _l("Military and police personnel"),
    "civilian_personnel": _l("Civilian personnel"),
    "operational_costs": _l("Operational costs"),
    "military_observers": _l("Military observers"),
    "military_contingents": _l("Military contingents"),
    "united_nations_police": _l("United Nations police"),
    "formed_police_units": _l("Formed police units"),
    "international_staff": _l("International staff"),
    "national_staff": _l("National staff"),
    "national_professional_officers": _l("National Professional Officers"),
    "national_general_service_staff": _l("National General Service staff"),
    "united_nations_volunteers": _l("United Nations Volunteers"),
    "general_temporary_assistance": _l("General temporary assistance"),
    "government_provided_personnel": _l("Government-provided personnel"),
    "civilian_electoral_observers": _l("Civilian electoral observers"),
    "consultants": _l("Consultants and consulting services"),
    "official_travel": _l("Official travel"),
    "facilities_infrastructure": _l("Facilities and infrastructure"),
    "ground_transportation": _l("Ground transportation"),
    "air_operations": _l("Air operations"),
    "marine_operations": _l("Marine operations"),
    "communications_it": _l("Communications and information technology"),
    "medical": _l("Medical"),
    "special_equipment": _l("Special equipment"),
    "other_supplies": _l("Other supplies, services and equipment"),
    "quick_impact_projects": _l("Quick-impact projects"),
    "below_gross_requirements": _l("Below gross requirements"),
    "staff_assessment_income": _l("Staff assessment income"),
    "voluntary_contributions_in_kind": _l("Voluntary contributions in kind (budgeted)"),
    "significant_progress": _l("Significant progress"),
    "some_progress": _l("Some progress"),
    "no_progress": _l("No progress"),
    "regression": _l("Regression"),
}


# How often an indicator is measured: free text, of which these words (those cpas.results.progress
# knows how long to wait for, FREQUENCY_DAYS: a test holds the two lists alike) are shown in the
# reader's language; other text as it was entered, in lower case (it reads within a sentence).
FREQUENCY_LABELS = {
    "monthly": _l("monthly"),
    "quarterly": _l("quarterly"),
    "six-monthly": _l("six-monthly"),
    "half-yearly": _l("half-yearly"),
    "biannual": _l("biannual"),
    "yearly": _l("yearly"),
    "annual": _l("annual"),
    "annually": _l("annually"),
}


def frequency_label(frequency: str | None) -> str:
    """An indicator's frequency as the reader reads it: "Yearly" is "annuel" in French."""
    text = (frequency or "").strip().lower()
    known = FREQUENCY_LABELS.get(text)
    return str(known) if known is not None else text


def label(value) -> str:
    """The label of an enum member, or of a reference record by its code; else the record's own
    name or label (a rating level an administrator added), else the value itself."""
    if value in ENUM_LABELS:
        return str(ENUM_LABELS[value])
    code = getattr(value, "code", value)
    if isinstance(code, str) and code in REFERENCE_LABELS:
        return str(REFERENCE_LABELS[code])
    return str(getattr(value, "name", None) or getattr(value, "label", None) or value)
