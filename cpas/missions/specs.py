"""Missions and budget periods as record types: the scope every other record lives in."""

import re

from flask_babel import lazy_gettext as _l

from cpas.entry.checks import dates_in_order
from cpas.entry.spec import RecordSpec, Scope, field_of, register
from cpas.missions.queries import missions_seen_by, records_held
from cpas.models import BudgetPeriod, Mission, Role

# Missions and periods are the scope of everything else: only an administrator creates, changes
# or deletes them.
ADMINISTRATORS = (Role.ADMIN,)


def mission_regions(context) -> list[tuple[str, str]]:
    """The context mission's regions, to filter records by region."""
    return [(region, region) for region in context.mission.region_list]


# Both name every page of their records (/m/MINUSMA/2019-20/…): a code or a label of another
# form would make those pages unreachable.
MISSION_CODE = re.compile(r"[A-Z][A-Z0-9]{1,19}")
PERIOD_LABEL = re.compile(r"(\d{4})/(\d{2})")


def mission_code_format(values, _context) -> dict:
    code = values.get("code") or ""
    if not MISSION_CODE.fullmatch(code):
        return {"code": _l("A mission code is 2 to 20 capital letters or digits, beginning with a letter, as the "
                           "UN writes it: MINUSMA, UNMISS.")}
    return {}


def period_label_format(values, _context) -> dict:
    """A label as the UN prints it, 2019/20, naming the years its dates run over."""
    label, starts_on = values.get("label") or "", values.get("starts_on")
    match = PERIOD_LABEL.fullmatch(label)
    if match is None or int(match[2]) != (int(match[1]) + 1) % 100:
        return {"label": _l("A budget period is labelled by its two years as the UN prints them: 2019/20.")}
    if starts_on is not None and starts_on.year != int(match[1]):
        return {"starts_on": _l("Budget period %(label)s starts in %(year)s.", label=label, year=match[1])}
    return {}


MISSIONS = register(RecordSpec(
    name="missions", model=Mission, label=_l("Mission"), plural=_l("Missions"), sheet="Missions",
    scope=Scope.GLOBAL,
    fields=[
        field_of("code", _l("Code")),
        field_of("name", _l("Name")),
        field_of("country", _l("Country")),
        field_of("regions", _l("Regions"), help=_l("First-level regions, separated by commas."),
                 max_length=4_000),  # a hundred regions and more
    ],
    key_fields=("code",), list_columns=("code", "name", "country"), search=("code", "name", "country"),
    order_by=("code",), writers=ADMINISTRATORS, holds=records_held, checks=(mission_code_format,),
    # A data workbook holds its own mission only; an account sees only the missions it holds.
    workbook_filter=lambda context: Mission.id == context.mission.id,
    visible=lambda context: missions_seen_by(context.user),
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
    writers=ADMINISTRATORS, holds=records_held,
    checks=(dates_in_order("starts_on", "ends_on"), period_label_format),
))

SPECS = [MISSIONS, PERIODS]
