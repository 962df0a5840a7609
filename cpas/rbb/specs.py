"""The results-based budgeting framework as record types: components, expected accomplishments
with their indicators of achievement and values, outputs, external factors and posts."""

from flask_babel import lazy_gettext as _l

from cpas.entry.checks import UNIT_SIGN_HELP, negative_only_where_unit_allows, number_under_parent
from cpas.entry.spec import Child, RecordSpec, Scope, field_of, register
from cpas.models import (
    Component,
    ExpectedAccomplishment,
    ExternalFactor,
    IndicatorOfAchievement,
    IndicatorValue,
    Output,
    Post,
)

COMPONENTS = register(RecordSpec(
    name="components", model=Component, label=_l("Component"), plural=_l("Components"), sheet="Components",
    scope=Scope.PERIOD,
    fields=[field_of("number", _l("Number")), field_of("name", _l("Name")), field_of("objective", _l("Objective"))],
    key_fields=("number",), list_columns=("number", "name"), search=("name", "objective"), order_by=("number",),
    children=(Child("expected-accomplishments", "expected_accomplishments"),
              Child("external-factors", "external_factors", owned=True), Child("posts", "posts", owned=True)),
))

EXPECTED_ACCOMPLISHMENTS = register(RecordSpec(
    name="expected-accomplishments", model=ExpectedAccomplishment, label=_l("Expected accomplishment"),
    plural=_l("Expected accomplishments"), sheet="Expected accomplishments", scope=Scope.PERIOD,
    fields=[
        field_of("component", _l("Component"), reference="components"),
        field_of("number", _l("Number")),
        field_of("text", _l("Text")),
    ],
    key_fields=("number",), scope_path=("component",), parent_field="component",
    list_columns=("number", "text", "component"), filters=("component",), search=("text", "number"),
    order_by=("number",),
    children=(Child("indicators-of-achievement", "indicators"), Child("outputs", "outputs")),
    checks=(number_under_parent("component", lambda component: component.number),),
))

INDICATORS_OF_ACHIEVEMENT = register(RecordSpec(
    name="indicators-of-achievement", model=IndicatorOfAchievement, label=_l("Indicator of achievement"),
    plural=_l("Indicators of achievement"), sheet="Indicators of achievement", scope=Scope.PERIOD,
    fields=[
        field_of("expected_accomplishment", _l("Expected accomplishment"), reference="expected-accomplishments"),
        field_of("number", _l("Number")),
        field_of("text", _l("Text")),
        field_of("unit", _l("Unit"), help=UNIT_SIGN_HELP),
    ],
    key_fields=("number",), scope_path=("expected_accomplishment", "component"),
    parent_field="expected_accomplishment", list_columns=("number", "text", "unit"),
    filters=("expected_accomplishment",), search=("text", "number"), order_by=("number",),
    children=(Child("indicator-values", "values", owned=True),),
    checks=(number_under_parent("expected_accomplishment", lambda accomplishment: accomplishment.number),),
))

INDICATOR_VALUES = register(RecordSpec(
    name="indicator-values", model=IndicatorValue, label=_l("Indicator value"), plural=_l("Indicator values"),
    sheet="Indicator values", scope=Scope.PERIOD,
    fields=[
        field_of("indicator", _l("Indicator of achievement"), reference="indicators-of-achievement"),
        field_of("period", _l("Budget period"), reference="periods"),
        field_of("kind", _l("Kind")),
        field_of("value", _l("Value"), allow_negative=True),  # where the indicator's unit allows: checks
        field_of("note", _l("Note")),
    ],
    checks=(negative_only_where_unit_allows(
        "value", lambda values: values["indicator"].unit if values.get("indicator") is not None else None),),
    key_fields=("indicator", "period", "kind"), scope_path=("indicator", "expected_accomplishment", "component"),
    parent_field="indicator", list_columns=("indicator", "period", "kind", "value"),
    filters=("kind", "indicator"), order_by=("id",),
))

OUTPUTS = register(RecordSpec(
    name="outputs", model=Output, label=_l("Output"), plural=_l("Outputs"), sheet="Outputs", scope=Scope.PERIOD,
    fields=[
        field_of("expected_accomplishment", _l("Expected accomplishment"), reference="expected-accomplishments"),
        field_of("position", _l("Position")),
        field_of("description", _l("Description")),
        field_of("planned_quantity", _l("Planned quantity"), allow_negative=False),
        field_of("completed_quantity", _l("Completed quantity"), allow_negative=False),
        field_of("remarks", _l("Remarks")),
    ],
    key_fields=("expected_accomplishment", "position"), scope_path=("expected_accomplishment", "component"),
    parent_field="expected_accomplishment",
    list_columns=("expected_accomplishment", "position", "description", "planned_quantity", "completed_quantity"),
    filters=("expected_accomplishment",), search=("description", "remarks"), order_by=("position",),
))

EXTERNAL_FACTORS = register(RecordSpec(
    name="external-factors", model=ExternalFactor, label=_l("External factor"), plural=_l("External factors"),
    sheet="External factors", scope=Scope.PERIOD,
    fields=[
        field_of("component", _l("Component"), reference="components"),
        field_of("position", _l("Position")),
        field_of("text", _l("Text")),
    ],
    key_fields=("component", "position"), scope_path=("component",), parent_field="component",
    list_columns=("component", "position", "text"), filters=("component",), search=("text",),
    order_by=("position",),
))

POSTS = register(RecordSpec(
    name="posts", model=Post, label=_l("Posts"), plural=_l("Posts"), sheet="Posts", scope=Scope.PERIOD,
    fields=[
        field_of("component", _l("Component"), reference="components"),
        field_of("grade", _l("Category")),
        field_of("approved_count", _l("Approved"), allow_negative=False),
        field_of("proposed_count", _l("Proposed"), allow_negative=False),
    ],
    key_fields=("component", "grade"), scope_path=("component",), parent_field="component",
    list_columns=("component", "grade", "approved_count", "proposed_count"), filters=("component", "grade"),
    order_by=("id",),
))

SPECS = [COMPONENTS, EXPECTED_ACCOMPLISHMENTS, INDICATORS_OF_ACHIEVEMENT, INDICATOR_VALUES, OUTPUTS,
         EXTERNAL_FACTORS, POSTS]
