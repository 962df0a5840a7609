"""Activities as a record type: what the mission does, for which mandated tasks and outputs."""

from flask_babel import lazy_gettext as _l

from cpas.entry.checks import dates_in_order, dates_within_period
from cpas.entry.spec import Child, RecordSpec, Scope, field_of, register
from cpas.missions.specs import mission_regions
from cpas.models import Activity

ACTIVITIES = register(RecordSpec(
    name="activities", model=Activity, label=_l("Activity"), plural=_l("Activities"), sheet="Activities",
    scope=Scope.PERIOD,
    fields=[
        field_of("ref", _l("Reference"), required=False, help=_l("Left empty, one is given, e.g. A-004.")),
        field_of("title", _l("Title")),
        field_of("pillar", _l("Pillar")),
        field_of("responsible_section", _l("Responsible section")),
        field_of("region", _l("Region"), choices=mission_regions, choice_separator=", "),
        field_of("starts_on", _l("Starts on")),
        field_of("ends_on", _l("Ends on")),
        field_of("status", _l("Status")),
        field_of("component", _l("Component"), reference="components"),
        field_of("tasks", _l("Mandated tasks"), reference="mandated-tasks",
                 help=_l("In a workbook: task keys separated by semicolons.")),
        field_of("output", _l("Output"), reference="outputs"),
        field_of("operation_name", _l("Named operation")),
        field_of("civilian_harm_risk", _l("Risk of harm to civilians")),
        field_of("description", _l("Description")),
    ],
    key_fields=("ref",),
    list_columns=("ref", "title", "operation_name", "pillar", "region", "starts_on", "status", "tasks"),
    filters=("pillar", "status", "component", "region"), search=("title", "responsible_section", "operation_name"),
    order_by=("starts_on", "ref"), ref_prefix="A",
    children=(Child("budget-lines", "budget_lines"),),
    checks=(dates_in_order("starts_on", "ends_on"), dates_within_period("starts_on", "ends_on")),
))

SPECS = [ACTIVITIES]
