"""Every record type an SPU officer enters, described once: its fields, key, scope and rules.

Forms, list pages, the audit trail and the Excel data workbook are all built from these specs,
so a record type added here gets all of them, and they cannot disagree.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from cpas.auth.permissions import EDITORS, VARIANCE_WRITERS
from cpas.entry.fields import FieldSpec, Kind
from cpas.models import (
    Activity,
    ActivityStatus,
    AssessmentStatus,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    Direction,
    ExpectedAccomplishment,
    ExpenditureClass,
    ExternalFactor,
    ImpactAssessment,
    ImpactIndicator,
    IndicatorOfAchievement,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueKind,
    Mandate,
    MandatedTask,
    Mission,
    Outcome,
    Output,
    Pillar,
    Post,
    PostGrade,
    Provenance,
    RatingLevel,
    Recommendation,
    RecommendationStatus,
    ReportKind,
    TaskPriority,
    VarianceCause,
    VarianceExplanation,
)


class Scope(enum.Enum):
    GLOBAL = "global"  # shared by all missions (missions, periods)
    MISSION = "mission"  # belongs to a mission, whatever the period (mandates, CPAS outcomes)
    PERIOD = "period"  # belongs to a mission and a budget period (RBB framework, activities, budget)


@dataclass(frozen=True)
class Child:
    """A collection shown on a record's page. ``owned`` children go with their parent when it is
    deleted; any other dependent blocks the deletion and is listed instead."""

    spec: str
    relationship: str
    owned: bool = False


@dataclass
class RecordSpec:
    name: str  # in URLs
    model: type
    label: object
    plural: object
    sheet: str  # the workbook sheet's title: stable, never translated
    scope: Scope
    fields: list[FieldSpec]
    key_fields: tuple[str, ...]
    # The chain of relationships from this record to the one that carries mission_id/period_id.
    scope_path: tuple[str, ...] = ()
    parent_field: str | None = None
    list_columns: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    children: tuple[Child, ...] = ()
    writers: tuple = EDITORS
    # Extra checks across fields: (values, context) -> {attr: message}.
    checks: tuple[Callable, ...] = ()
    # A generated key for new records without one (activities, budget lines).
    ref_prefix: str | None = None

    def field(self, attr: str) -> FieldSpec:
        return next(f for f in self.fields if f.attr == attr)

    @property
    def form_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.in_form]

    @property
    def locked_with_period(self) -> bool:
        return self.scope is Scope.PERIOD


def _dates_in_order(start: str, end: str):
    def check(values, _context):
        if values.get(start) and values.get(end) and values[start] > values[end]:
            return {end: _l("The end date cannot be before the start date.")}
        return {}

    return check


def _dates_within_period(*attrs: str):
    def check(values, context):
        period = context.period
        errors = {}
        for attr in attrs:
            day = values.get(attr)
            if day and not (period.starts_on <= day <= period.ends_on):
                errors[attr] = _l("The date must fall within the budget period %(period)s (%(start)s to %(end)s).",
                                  period=period.label, start=period.starts_on.isoformat(),
                                  end=period.ends_on.isoformat())
        return errors

    return check


def _number_under_parent(parent_attr: str, parent_number: Callable):
    """UN numbering: accomplishment 2.1 sits under component 2; indicator 2.1.1 under 2.1."""

    def check(values, _context):
        parent, number = values.get(parent_attr), values.get("number")
        if parent is None or not number:
            return {}
        prefix = f"{parent_number(parent)}."
        rest = number[len(prefix):]
        if not number.startswith(prefix) or not rest.isdigit():
            return {"number": _l("The number must be %(prefix)sN, under its parent's number.", prefix=prefix)}
        return {}

    return check


def _text(attr, label, required=False, max_length=None, long=False, **kw) -> FieldSpec:
    return FieldSpec(attr, label, Kind.LONG_TEXT if long else Kind.TEXT, required=required,
                     max_length=max_length, **kw)


def _ref(attr, label, spec, required=True, **kw) -> FieldSpec:
    return FieldSpec(attr, label, Kind.REFERENCE, required=required, reference=spec, **kw)


def _choice(attr, label, enum_class, required=True) -> FieldSpec:
    return FieldSpec(attr, label, Kind.ENUM, required=required, enum_class=enum_class)


SPECS: dict[str, RecordSpec] = {}


def register(spec: RecordSpec) -> RecordSpec:
    SPECS[spec.name] = spec
    return spec


register(RecordSpec(
    "missions", Mission, _l("Mission"), _l("Missions"), "Missions", Scope.GLOBAL,
    [_text("code", _l("Code"), True, 20), _text("name", _l("Name"), True, 200),
     _text("country", _l("Country"), True, 100),
     _text("regions", _l("Regions"), long=True, help=_l("First-level regions, separated by commas."))],
    key_fields=("code",), list_columns=("code", "name", "country"), search=("code", "name", "country"),
    order_by=("code",),
))
register(RecordSpec(
    "periods", BudgetPeriod, _l("Budget period"), _l("Budget periods"), "Budget periods", Scope.GLOBAL,
    [_text("label", _l("Label"), True, 7, help=_l("As the UN prints it, e.g. 2019/20.")),
     FieldSpec("starts_on", _l("Starts on"), Kind.DATE, required=True),
     FieldSpec("ends_on", _l("Ends on"), Kind.DATE, required=True)],
    key_fields=("label",), list_columns=("label", "starts_on", "ends_on"), order_by=("starts_on",),
    checks=(_dates_in_order("starts_on", "ends_on"),),
))
register(RecordSpec(
    "mandates", Mandate, _l("Mandate"), _l("Mandates"), "Mandates", Scope.MISSION,
    [_text("resolution_symbol", _l("Resolution"), True, 40, help=_l("e.g. S/RES/2480 (2019)")),
     FieldSpec("adopted_on", _l("Adopted on"), Kind.DATE, required=True),
     FieldSpec("valid_until", _l("Valid until"), Kind.DATE),
     _text("summary", _l("Summary"), long=True), _text("source_note", _l("Source note"), long=True)],
    key_fields=("resolution_symbol",), list_columns=("resolution_symbol", "adopted_on", "valid_until"),
    search=("resolution_symbol", "summary"), order_by=("adopted_on",),
    children=(Child("mandated-tasks", "tasks"),),
    checks=(_dates_in_order("adopted_on", "valid_until"),),
))
register(RecordSpec(
    "mandated-tasks", MandatedTask, _l("Mandated task"), _l("Mandated tasks"), "Mandated tasks", Scope.MISSION,
    [_ref("mandate", _l("Resolution"), "mandates"),
     _text("paragraph_ref", _l("Paragraph"), True, 40, help=_l("e.g. OP 20")),
     _text("title", _l("Title"), True, 300), _text("text", _l("Text"), long=True),
     _choice("priority", _l("Priority"), TaskPriority),
     FieldSpec("position", _l("Position"), Kind.INTEGER)],
    key_fields=("mandate", "paragraph_ref"), scope_path=("mandate",), parent_field="mandate",
    list_columns=("mandate", "paragraph_ref", "title", "priority"), filters=("priority", "mandate"),
    search=("title", "text", "paragraph_ref"), order_by=("position", "paragraph_ref"),
    children=(Child("activities", "activities"),),
))
register(RecordSpec(
    "components", Component, _l("Component"), _l("Components"), "Components", Scope.PERIOD,
    [FieldSpec("number", _l("Number"), Kind.INTEGER, required=True), _text("name", _l("Name"), True, 200),
     _text("objective", _l("Objective"), long=True)],
    key_fields=("number",), list_columns=("number", "name"), search=("name", "objective"), order_by=("number",),
    children=(Child("expected-accomplishments", "expected_accomplishments"),
              Child("external-factors", "external_factors", owned=True), Child("posts", "posts", owned=True)),
))
register(RecordSpec(
    "expected-accomplishments", ExpectedAccomplishment, _l("Expected accomplishment"),
    _l("Expected accomplishments"), "Expected accomplishments", Scope.PERIOD,
    [_ref("component", _l("Component"), "components"), _text("number", _l("Number"), True, 20),
     _text("text", _l("Text"), True, long=True)],
    key_fields=("number",), scope_path=("component",), parent_field="component",
    list_columns=("number", "text", "component"), filters=("component",), search=("text", "number"),
    order_by=("number",),
    children=(Child("indicators-of-achievement", "indicators"), Child("outputs", "outputs")),
    checks=(_number_under_parent("component", lambda component: component.number),),
))
register(RecordSpec(
    "indicators-of-achievement", IndicatorOfAchievement, _l("Indicator of achievement"),
    _l("Indicators of achievement"), "Indicators of achievement", Scope.PERIOD,
    [_ref("expected_accomplishment", _l("Expected accomplishment"), "expected-accomplishments"),
     _text("number", _l("Number"), True, 20), _text("text", _l("Text"), True, long=True),
     _text("unit", _l("Unit"), max_length=60)],
    key_fields=("number",), scope_path=("expected_accomplishment", "component"),
    parent_field="expected_accomplishment", list_columns=("number", "text", "unit"),
    filters=("expected_accomplishment",), search=("text", "number"), order_by=("number",),
    children=(Child("indicator-values", "values", owned=True),),
    checks=(_number_under_parent("expected_accomplishment", lambda accomplishment: accomplishment.number),),
))
register(RecordSpec(
    "indicator-values", IndicatorValue, _l("Indicator value"), _l("Indicator values"), "Indicator values",
    Scope.PERIOD,
    [_ref("indicator", _l("Indicator of achievement"), "indicators-of-achievement"),
     _ref("period", _l("Budget period"), "periods"), _choice("kind", _l("Kind"), IndicatorValueKind),
     FieldSpec("value", _l("Value"), Kind.QUANTITY, required=True, allow_negative=True),
     _text("note", _l("Note"), long=True)],
    key_fields=("indicator", "period", "kind"), scope_path=("indicator", "expected_accomplishment", "component"),
    parent_field="indicator", list_columns=("indicator", "period", "kind", "value"),
    filters=("kind", "indicator"), order_by=("id",),
))
register(RecordSpec(
    "outputs", Output, _l("Output"), _l("Outputs"), "Outputs", Scope.PERIOD,
    [_ref("expected_accomplishment", _l("Expected accomplishment"), "expected-accomplishments"),
     FieldSpec("position", _l("Position"), Kind.INTEGER, required=True),
     _text("description", _l("Description"), True, long=True),
     FieldSpec("planned_quantity", _l("Planned quantity"), Kind.QUANTITY),
     FieldSpec("completed_quantity", _l("Completed quantity"), Kind.QUANTITY),
     _text("remarks", _l("Remarks"), long=True)],
    key_fields=("expected_accomplishment", "position"), scope_path=("expected_accomplishment", "component"),
    parent_field="expected_accomplishment",
    list_columns=("expected_accomplishment", "position", "description", "planned_quantity", "completed_quantity"),
    filters=("expected_accomplishment",), search=("description", "remarks"), order_by=("position",),
))
register(RecordSpec(
    "external-factors", ExternalFactor, _l("External factor"), _l("External factors"), "External factors",
    Scope.PERIOD,
    [_ref("component", _l("Component"), "components"),
     FieldSpec("position", _l("Position"), Kind.INTEGER, required=True), _text("text", _l("Text"), True, long=True)],
    key_fields=("component", "position"), scope_path=("component",), parent_field="component",
    list_columns=("component", "position", "text"), filters=("component",), search=("text",),
    order_by=("position",),
))
register(RecordSpec(
    "posts", Post, _l("Posts"), _l("Posts"), "Posts", Scope.PERIOD,
    [_ref("component", _l("Component"), "components"), _choice("grade", _l("Category"), PostGrade),
     FieldSpec("approved_count", _l("Approved"), Kind.INTEGER, required=True),
     FieldSpec("proposed_count", _l("Proposed"), Kind.INTEGER, required=True)],
    key_fields=("component", "grade"), scope_path=("component",), parent_field="component",
    list_columns=("component", "grade", "approved_count", "proposed_count"), filters=("component", "grade"),
    order_by=("id",),
))
register(RecordSpec(
    "activities", Activity, _l("Activity"), _l("Activities"), "Activities", Scope.PERIOD,
    [_text("ref", _l("Reference"), max_length=20, help=_l("Left empty, one is given, e.g. A-004.")),
     _text("title", _l("Title"), True, 300),
     _choice("pillar", _l("Pillar"), Pillar), _text("responsible_section", _l("Responsible section"), max_length=200),
     _text("region", _l("Region"), max_length=100),
     FieldSpec("starts_on", _l("Starts on"), Kind.DATE), FieldSpec("ends_on", _l("Ends on"), Kind.DATE),
     _choice("status", _l("Status"), ActivityStatus),
     _ref("component", _l("Component"), "components", required=False),
     FieldSpec("tasks", _l("Mandated tasks"), Kind.MULTI_REFERENCE, reference="mandated-tasks",
               help=_l("In a workbook: task keys separated by semicolons.")),
     _ref("output", _l("Output"), "outputs", required=False),
     _text("operation_name", _l("Named operation"), max_length=200),
     _text("civilian_harm_risk", _l("Risk of harm to civilians"), long=True),
     _text("description", _l("Description"), long=True)],
    key_fields=("ref",), list_columns=("ref", "title", "pillar", "region", "starts_on", "status"),
    filters=("pillar", "status", "component", "region"), search=("title", "responsible_section", "operation_name"),
    order_by=("starts_on", "ref"), ref_prefix="A",
    children=(Child("budget-lines", "budget_lines"),),
    checks=(_dates_in_order("starts_on", "ends_on"), _dates_within_period("starts_on", "ends_on")),
))
register(RecordSpec(
    "budget-lines", BudgetLine, _l("Budget line"), _l("Budget lines"), "Budget lines", Scope.PERIOD,
    [_text("ref", _l("Reference"), max_length=20, help=_l("Left empty, one is given, e.g. BL-022.")),
     _ref("expenditure_class", _l("Class of expenditure"), "expenditure-classes"),
     _text("description", _l("Description"), max_length=300),
     _ref("component", _l("Component"), "components", required=False),
     _ref("activity", _l("Activity"), "activities", required=False)],
    key_fields=("ref",), list_columns=("ref", "expenditure_class", "description", "component", "activity"),
    filters=("expenditure_class", "component"), search=("description", "ref"), order_by=("ref",), ref_prefix="BL",
    children=(Child("budget-amounts", "amounts", owned=True),),
))
register(RecordSpec(
    "budget-amounts", BudgetAmount, _l("Budget amount"), _l("Budget amounts"), "Budget amounts", Scope.PERIOD,
    [_ref("line", _l("Budget line"), "budget-lines"), _choice("stage", _l("Stage"), BudgetStage),
     FieldSpec("amount", _l("Amount (US$)"), Kind.MONEY, required=True),
     _text("source_symbol", _l("Source document"), max_length=60, help=_l("e.g. A/74/737/Add.11")),
     FieldSpec("source_date", _l("Source date"), Kind.DATE),
     _choice("provenance", _l("Provenance"), Provenance), _text("source_note", _l("Source note"), long=True)],
    key_fields=("line", "stage"), scope_path=("line",), parent_field="line",
    list_columns=("line", "stage", "amount", "source_symbol", "provenance"), filters=("stage", "provenance"),
    search=("source_symbol", "source_note"), order_by=("id",),
))
register(RecordSpec(
    "variance-explanations", VarianceExplanation, _l("Variance explanation"), _l("Variance explanations"),
    "Variance explanations", Scope.PERIOD,
    [_ref("expenditure_class", _l("Class of expenditure"), "expenditure-classes"),
     _choice("report_kind", _l("Report"), ReportKind), _choice("cause", _l("Cause"), VarianceCause),
     _text("text", _l("Explanation"), True, long=True)],
    key_fields=("expenditure_class", "report_kind"), list_columns=("expenditure_class", "report_kind", "cause", "text"),
    filters=("cause", "report_kind"), search=("text",), order_by=("id",), writers=VARIANCE_WRITERS,
))
register(RecordSpec(
    "outcomes", Outcome, _l("Intended outcome"), _l("Intended outcomes"), "Outcomes", Scope.MISSION,
    [_text("code", _l("Code"), True, 20), _text("title", _l("Title"), True, 300),
     _text("description", _l("Description"), long=True),
     _ref("mandated_task", _l("Mandated task"), "mandated-tasks", required=False)],
    key_fields=("code",), list_columns=("code", "title", "mandated_task"), search=("code", "title", "description"),
    order_by=("code",), children=(Child("impact-indicators", "indicators"),),
))
register(RecordSpec(
    "impact-indicators", ImpactIndicator, _l("Impact indicator"), _l("Impact indicators"), "Impact indicators",
    Scope.MISSION,
    [_ref("outcome", _l("Outcome"), "outcomes"), _text("code", _l("Code"), True, 20),
     _text("name", _l("Name"), True, 300), _text("definition", _l("Definition"), long=True),
     _text("unit", _l("Unit"), max_length=60), _choice("direction", _l("Direction"), Direction),
     FieldSpec("baseline_value", _l("Baseline value"), Kind.QUANTITY, allow_negative=True),
     FieldSpec("baseline_on", _l("Baseline date"), Kind.DATE), _text("data_source", _l("Data source"), long=True),
     _text("frequency", _l("Frequency"), max_length=60),
     _text("responsible_section", _l("Responsible section"), max_length=200)],
    key_fields=("code",), scope_path=("outcome",), parent_field="outcome",
    list_columns=("code", "name", "unit", "direction", "outcome"), filters=("direction", "outcome"),
    search=("code", "name", "definition"), order_by=("code",),
    children=(Child("indicator-targets", "targets", owned=True), Child("data-points", "data_points", owned=True)),
))
register(RecordSpec(
    "indicator-targets", IndicatorTarget, _l("Indicator target"), _l("Indicator targets"), "Indicator targets",
    Scope.MISSION,
    [_ref("indicator", _l("Impact indicator"), "impact-indicators"),
     FieldSpec("target_on", _l("Target date"), Kind.DATE, required=True),
     FieldSpec("value", _l("Value"), Kind.QUANTITY, required=True, allow_negative=True)],
    key_fields=("indicator", "target_on"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "target_on", "value"), filters=("indicator",), order_by=("target_on",),
))
register(RecordSpec(
    "data-points", DataPoint, _l("Data point"), _l("Data points"), "Data points", Scope.MISSION,
    [_ref("indicator", _l("Impact indicator"), "impact-indicators"),
     FieldSpec("observed_on", _l("Date"), Kind.DATE, required=True),
     _text("region", _l("Region"), max_length=100, help=_l("Empty for the whole mission area.")),
     FieldSpec("value", _l("Value"), Kind.QUANTITY, required=True, allow_negative=True),
     _text("source", _l("Source"), long=True), FieldSpec("accessed_on", _l("Accessed on"), Kind.DATE),
     _text("comment", _l("Comment"), long=True), _choice("provenance", _l("Provenance"), Provenance)],
    key_fields=("indicator", "observed_on", "region"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "observed_on", "region", "value", "source"), filters=("indicator", "region"),
    search=("source", "comment"), order_by=("observed_on", "region"),
))

register(RecordSpec(
    "impact-assessments", ImpactAssessment, _l("Impact assessment"), _l("Impact assessments"),
    "Impact assessments", Scope.MISSION,
    [_ref("outcome", _l("Outcome"), "outcomes"), _text("title", _l("Title"), True, 300),
     FieldSpec("covers_from", _l("Covers from"), Kind.DATE, required=True),
     FieldSpec("covers_to", _l("Covers to"), Kind.DATE, required=True),
     _ref("rating", _l("Rating"), "rating-levels", required=False),
     _text("analysis", _l("Analysis"), long=True),
     _text("mission_contribution", _l("Contribution of the mission"), long=True),
     _text("external_factors", _l("External factors"), long=True),
     _choice("status", _l("Status"), AssessmentStatus),
     _text("leadership_decision", _l("Leadership decision"), long=True)],
    key_fields=("outcome", "covers_from", "covers_to"), list_columns=("outcome", "title", "covers_to", "rating",
                                                                      "status"),
    filters=("status", "outcome"), search=("title", "analysis"), order_by=("covers_to",),
    children=(Child("recommendations", "recommendations", owned=True),),
    checks=(_dates_in_order("covers_from", "covers_to"),),
))
register(RecordSpec(
    "recommendations", Recommendation, _l("Recommendation"), _l("Recommendations"), "Recommendations",
    Scope.MISSION,
    [_ref("assessment", _l("Impact assessment"), "impact-assessments"),
     FieldSpec("position", _l("Position"), Kind.INTEGER, required=True), _text("text", _l("Text"), True, long=True),
     _text("owner", _l("Owner"), max_length=200), FieldSpec("due_on", _l("Due on"), Kind.DATE),
     _choice("status", _l("Status"), RecommendationStatus)],
    key_fields=("assessment", "position"), scope_path=("assessment",), parent_field="assessment",
    list_columns=("assessment", "position", "text", "owner", "due_on", "status"), filters=("status",),
    search=("text", "owner"), order_by=("due_on", "position"),
))

# Referenced, never entered here: reference data seeded by migrations.
REFERENCE_ONLY = {"expenditure-classes": ExpenditureClass, "rating-levels": RatingLevel}

# Workbook order: every parent before its children.
WORKBOOK_ORDER = [
    "missions", "periods", "mandates", "mandated-tasks", "components", "expected-accomplishments",
    "indicators-of-achievement", "indicator-values", "outputs", "external-factors", "posts", "activities",
    "budget-lines", "budget-amounts", "variance-explanations", "outcomes", "impact-indicators",
    "indicator-targets", "data-points", "impact-assessments", "recommendations",
]

# The data entry menu: record types grouped as SPU officers think of them.
ENTRY_MENU = [
    (_l("Mandate"), ["mandates", "mandated-tasks"]),
    (_l("RBB framework"), ["components", "expected-accomplishments", "indicators-of-achievement", "indicator-values",
                           "outputs", "external-factors", "posts"]),
    (_l("Activities"), ["activities"]),
    (_l("Budget"), ["budget-lines", "budget-amounts", "variance-explanations"]),
    (_l("CPAS results"), ["outcomes", "impact-indicators", "indicator-targets", "data-points",
                          "impact-assessments", "recommendations"]),
    (_l("Set-up"), ["missions", "periods"]),
]
