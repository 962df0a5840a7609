"""Every record type of the app, gathered from the domain packages that declare them: the data
entry menu groups them as SPU officers think of them, and the data workbook holds them in an
order where every parent comes before its children."""

from flask_babel import lazy_gettext as _l

from cpas.activities import specs as activities
from cpas.assessments import specs as assessments
from cpas.budget import specs as budget
from cpas.entry.spec import SPECS, RecordSpec
from cpas.mandates import specs as mandates
from cpas.missions import specs as missions
from cpas.rbb import specs as rbb
from cpas.results import specs as results

ENTRY_MENU: list[tuple[object, list[str]]] = [
    (_l("Mandate"), [spec.name for spec in mandates.SPECS]),
    (_l("RBB framework"), [spec.name for spec in rbb.SPECS]),
    (_l("Activities"), [spec.name for spec in activities.SPECS]),
    (_l("Budget"), [spec.name for spec in budget.SPECS]),
    (_l("CPAS results"), [spec.name for spec in results.SPECS + assessments.SPECS]),
    (_l("Set-up"), [spec.name for spec in missions.SPECS]),
]

# The records that are the scope of all others: a workbook names its mission and period.
MISSION, PERIOD = missions.MISSIONS, missions.PERIODS
# Set-up first: missions and periods are the scope of everything else.
WORKBOOK_ORDER: list[str] = [name for _, names in ENTRY_MENU[-1:] + ENTRY_MENU[:-1] for name in names]


def workbook_specs() -> list[RecordSpec]:
    return [SPECS[name] for name in WORKBOOK_ORDER]


def scoped_workbook_specs() -> list[RecordSpec]:
    """The workbook's record types that belong to a mission (and period): all but the scope's."""
    return [spec for spec in workbook_specs() if spec not in (MISSION, PERIOD)]
