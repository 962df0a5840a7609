"""CPAS results as record types: intended outcomes, their impact indicators with targets, and the
data points that measure them (by region and date)."""

from flask_babel import lazy_gettext as _l

from cpas.entry.spec import Action, Child, RecordSpec, Scope, field_of, register
from cpas.missions.specs import mission_regions
from cpas.models import DataPoint, ImpactIndicator, IndicatorTarget, Outcome

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
        field_of("unit", _l("Unit")),
        field_of("direction", _l("Direction")),
        field_of("baseline_value", _l("Baseline value"), allow_negative=True),
        field_of("baseline_on", _l("Baseline date")),
        field_of("data_source", _l("Data source")),
        field_of("frequency", _l("Frequency")),
        field_of("responsible_section", _l("Responsible section")),
        field_of("regional_aggregation", _l("Values by region"), required=False,
                 help=_l("Add up to the whole for a count; not for a rate or a share. Empty: they do not.")),
        # An indicator of achievement of one budget period: named with its period (2019/20 · 2.1.1).
        field_of("rbb_indicator", _l("RBB indicator of achievement"), reference="indicators-of-achievement",
                 help=_l("The indicator of achievement of a period's RBB framework that this indicator measures: "
                         "the performance report then takes its actual from this indicator's data when none "
                         "is entered.")),
    ],
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
        field_of("value", _l("Value"), allow_negative=True),
        field_of("provenance", _l("Provenance")),
        field_of("source_note", _l("Source note")),
    ],
    key_fields=("indicator", "target_on"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "target_on", "value"), filters=("indicator",), order_by=("target_on",),
))

DATA_POINTS = register(RecordSpec(
    name="data-points", model=DataPoint, label=_l("Data point"), plural=_l("Data points"), sheet="Data points",
    scope=Scope.MISSION,
    fields=[
        field_of("indicator", _l("Impact indicator"), reference="impact-indicators"),
        field_of("observed_on", _l("Date")),
        field_of("region", _l("Region"), help=_l("Empty for the whole mission area."), filter_choices=mission_regions),
        field_of("value", _l("Value"), allow_negative=True),
        field_of("source", _l("Source")),
        field_of("accessed_on", _l("Accessed on")),
        field_of("comment", _l("Comment")),
        field_of("provenance", _l("Provenance")),
    ],
    key_fields=("indicator", "observed_on", "region"), scope_path=("indicator", "outcome"), parent_field="indicator",
    list_columns=("indicator", "observed_on", "region", "value", "source"), filters=("indicator", "region"),
    search=("source", "comment"), order_by=("observed_on", "region"),
))

SPECS = [OUTCOMES, IMPACT_INDICATORS, INDICATOR_TARGETS, DATA_POINTS]
