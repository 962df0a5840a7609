"""CPAS results as record types: intended outcomes, their impact indicators with targets, and the
data points that measure them (by region and date)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from cpas.entry.checks import PROVENANCE_HELP, UNIT_SIGN_HELP, negative_only_where_unit_allows, verified_has_a_source
from cpas.entry.keys import KEY_SEPARATOR
from cpas.entry.spec import Action, Child, RecordSpec, Scope, field_of, register
from cpas.incidents.indicators import indicator_saved
from cpas.missions.specs import mission_regions
from cpas.models import DataPoint, ImpactIndicator, IndicatorTarget, Outcome
from cpas.models.incidents import EVENT_TYPES


def incident_definition_complete(values, context) -> dict:
    """An indicator computed from incidents names its measure and interval, and only ACLED's event types."""
    problems = {}
    named = [name.strip() for name in (values.get("incident_event_types") or "").split(",") if name.strip()]
    unknown = [name for name in named if name not in EVENT_TYPES]
    if unknown:
        problems["incident_event_types"] = _l("%(names)s: not ACLED event types (%(types)s).",
                                              names=", ".join(unknown), types=", ".join(EVENT_TYPES))
    if values.get("incident_measure") is None:
        if named or (values.get("incident_actor") or "").strip() or values.get("incident_interval") is not None:
            problems["incident_measure"] = _l("Say what to count in the incidents, or clear the incident fields.")
    elif values.get("incident_interval") is None:
        problems["incident_interval"] = _l("Say whether to count by calendar year, quarter or month.")
    return problems


def entered_by_hand(values, context) -> dict:
    """The values of an indicator computed from incidents follow the incidents; none is typed over them."""
    indicator = values.get("indicator")
    if indicator is not None and indicator.computed_from_incidents:
        return {"indicator": _l("The values of this indicator are computed from the incident data: "
                                "import incidents to change them.")}
    return {}

def data_points_rows_may_name(rows):
    """The data points a sheet's rows may name: of the indicators and dates their keys and
    values name (a superset, matched by key afterwards); None (all of them) when a date is
    written in a form only the full parse understands."""
    codes, days = set(), set()
    for key, raw in rows:
        parts = key.split(KEY_SEPARATOR) if key else []
        named = [(parts[0], parts[1])] if len(parts) >= 2 else []
        named.append((raw.get("indicator"), raw.get("observed_on")))
        for code, day in named:
            if code is None or day is None or str(code).strip() == "" or str(day).strip() == "":
                continue
            if isinstance(day, datetime):
                day = day.date()
            elif not isinstance(day, date):
                try:
                    day = date.fromisoformat(str(day).strip())
                except ValueError:
                    return None
            codes.add(str(code).strip())
            days.add(day)
    return ImpactIndicator.code.in_(sorted(codes)) & DataPoint.observed_on.in_(sorted(days))


def indicator_unit(values) -> str | None:
    """The unit of the impact indicator a target or a data point belongs to."""
    return values["indicator"].unit if values.get("indicator") is not None else None


OUTCOMES = register(RecordSpec(
    name="outcomes", model=Outcome, label=_l("Intended outcome"), plural=_l("Intended outcomes"), sheet="Outcomes",
    scope=Scope.MISSION,
    fields=[
        field_of("code", _l("Code")),
        field_of("title", _l("Title")),
        field_of("description", _l("Description")),
        field_of("mandated_task", _l("Mandated task"), reference="mandated-tasks"),
    ],
    key_fields=("code",), list_columns=("code", "title", "mandated_task"), search=("code", "title", "description"),
    order_by=("code",), children=(Child("impact-indicators", "indicators"),),
))

IMPACT_INDICATORS = register(RecordSpec(
    name="impact-indicators", model=ImpactIndicator, label=_l("Impact indicator"), plural=_l("Impact indicators"),
    sheet="Impact indicators", scope=Scope.MISSION,
    fields=[
        field_of("outcome", _l("Outcome"), reference="outcomes"),
        field_of("code", _l("Code")),
        field_of("name", _l("Name")),
        field_of("definition", _l("Definition")),
        field_of("unit", _l("Unit"), help=UNIT_SIGN_HELP),
        field_of("direction", _l("Direction")),
        field_of("baseline_value", _l("Baseline value"), allow_negative=True),  # where the unit allows: checks
        field_of("baseline_on", _l("Baseline date")),
        field_of("data_source", _l("Data source")),
        field_of("frequency", _l("Frequency")),
        field_of("responsible_section", _l("Responsible section")),
        field_of("regional_aggregation", _l("Values by region"), required=False,
                 help=_l("Add up to the whole for a count; not for a rate or a share. Empty: they do not.")),
        field_of("incident_measure", _l("Computed from incidents"),
                 help=_l("What to count in the incident data. Empty: the values are entered.")),
        field_of("incident_event_types", _l("Incident event types"),
                 help=_l("ACLED event types, separated by commas; empty: all. E.g. Violence against civilians."),
                 max_length=500),  # ACLED has six, 104 characters together
        field_of("incident_actor", _l("Incident actor"),
                 help=_l("Only events where actor 1 or 2 contains this text; empty: any actor.")),
        field_of("incident_interval", _l("Counted by")),
        # An indicator of achievement of one budget period: named with its period (2019/20 · 2.1.1).
        field_of("rbb_indicator", _l("RBB indicator of achievement"), reference="indicators-of-achievement",
                 help=_l("The indicator of achievement of a period's RBB framework that this indicator measures: "
                         "the performance report then takes its actual from this indicator's data when none "
                         "is entered.")),
    ],
    checks=(incident_definition_complete, negative_only_where_unit_allows("baseline_value", lambda v: v.get("unit"))),
    after_save=indicator_saved,
    key_fields=("code",), scope_path=("outcome",), parent_field="outcome",
    list_columns=("code", "name", "unit", "direction", "outcome"), filters=("direction", "outcome"),
    search=("code", "name", "definition"), order_by=("code",),
    children=(Child("indicator-targets", "targets", owned=True), Child("data-points", "data_points", owned=True)),
    actions=(Action(_l("Values by region and date"), "indicator_grid.values", "indicator_id"),),
))

INDICATOR_TARGETS = register(RecordSpec(
    name="indicator-targets", model=IndicatorTarget, label=_l("Indicator target"), plural=_l("Indicator targets"),
    sheet="Indicator targets", scope=Scope.MISSION,
    fields=[
        field_of("indicator", _l("Impact indicator"), reference="impact-indicators"),
        field_of("target_on", _l("Target date")),
        field_of("value", _l("Value"), allow_negative=True),  # where the indicator's unit allows: checks
        field_of("provenance", _l("Provenance"), required=False, help=PROVENANCE_HELP),
        field_of("source_note", _l("Source note")),
    ],
    checks=(negative_only_where_unit_allows("value", indicator_unit), verified_has_a_source("source_note")),
    key_fields=("indicator", "target_on"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "target_on", "value"), filters=("indicator",), order_by=("target_on",),
))

DATA_POINTS = register(RecordSpec(
    name="data-points", model=DataPoint, label=_l("Data point"), plural=_l("Data points"), sheet="Data points",
    scope=Scope.MISSION,
    fields=[
        field_of("indicator", _l("Impact indicator"), reference="impact-indicators"),
        field_of("observed_on", _l("Date")),
        field_of("region", _l("Region"), help=_l("Empty for the whole mission area."), choices=mission_regions),
        field_of("value", _l("Value"), allow_negative=True),  # where the indicator's unit allows: checks
        field_of("source", _l("Source")),
        field_of("accessed_on", _l("Accessed on")),
        field_of("comment", _l("Comment")),
        field_of("provenance", _l("Provenance"), required=False, help=PROVENANCE_HELP),
    ],
    checks=(entered_by_hand, negative_only_where_unit_allows("value", indicator_unit), verified_has_a_source("source")),
    key_fields=("indicator", "observed_on", "region"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "observed_on", "region", "value", "source"), filters=("indicator", "region"),
    search=("source", "comment"), order_by=("observed_on", "region"), rows_may_name=data_points_rows_may_name,
))

SPECS = [OUTCOMES, IMPACT_INDICATORS, INDICATOR_TARGETS, DATA_POINTS]
