"""Missions and budget periods as record types: the scope every other record lives in."""

from flask_babel import lazy_gettext as _l

from cpas.entry.checks import dates_in_order
from cpas.entry.spec import RecordSpec, Scope, field_of, register
from cpas.models import BudgetPeriod, Mission, Role

# Missions and periods are the scope of everything else: only an administrator creates, changes
# or deletes them.
ADMINISTRATORS = (Role.ADMIN,)


def mission_regions(context) -> list[tuple[str, str]]:
    """The context mission's regions, to filter records by region."""
    return [(region, region) for region in context.mission.region_list]


MISSIONS = register(RecordSpec(
    name="missions", model=Mission, label=_l("Mission"), plural=_l("Missions"), sheet="Missions",
    scope=Scope.GLOBAL,
    fields=[
        field_of("code", _l("Code")),
        field_of("name", _l("Name")),
        field_of("country", _l("Country")),
        field_of("regions", _l("Regions"), help=_l("First-level regions, separated by commas.")),
    ],
    key_fields=("code",), list_columns=("code", "name", "country"), search=("code", "name", "country"),
    order_by=("code",), writers=ADMINISTRATORS,
    # A data workbook holds its own mission only.
    workbook_filter=lambda context: Mission.id == context.mission.id,
))

PERIODS = register(RecordSpec(
    name="periods", model=BudgetPeriod, label=_l("Budget period"), plural=_l("Budget periods"),
    sheet="Budget periods", scope=Scope.GLOBAL,
    fields=[
        field_of("label", _l("Label"), help=_l("As the UN prints it, e.g. 2019/20.")),
        field_of("starts_on", _l("Starts on")),
        field_of("ends_on", _l("Ends on")),
    ],
    key_fields=("label",), list_columns=("label", "starts_on", "ends_on"), order_by=("starts_on",),
    writers=ADMINISTRATORS,
    checks=(dates_in_order("starts_on", "ends_on"),),
))

SPECS = [MISSIONS, PERIODS]
