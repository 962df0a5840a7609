"""What awaits a planning officer in a mission's period, the page the officer lands on: the draft
assessments the officer created or changed last, the assessments leadership returned, the classes
of expenditure whose variance needs an explanation and the impact indicators without fresh data.

The variances and the stale indicators are the leadership dashboard's own, by its rules and
builders (``open_work_report``, without the rest of the dashboard), so that both pages agree; the
whole is read in a fixed number of queries whatever the data size."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from cpas.assessments.queries import drafts_of, returned_assessments
from cpas.models import BudgetPeriod, ImpactAssessment, Mission, User
from cpas.reports.assembly import ReportSettings, open_work_report
from cpas.reports.dashboard import IndicatorStatus, UnexplainedVariance

# How many of each kind of assessment the page lists; the list of assessments shows them all.
ASSESSMENTS_SHOWN = 25


@dataclass(kw_only=True)
class MyWork:
    drafts: list[ImpactAssessment]
    draft_count: int
    returned: list[ImpactAssessment]
    returned_count: int
    unexplained: list[UnexplainedVariance]  # the largest first, as many as the dashboard shows
    unexplained_count: int
    stale: list[IndicatorStatus]  # as many as the dashboard shows

    @property
    def total(self) -> int:
        return self.draft_count + self.returned_count + self.unexplained_count + len(self.stale)


def awaiting_work(session: Session, mission: Mission, period: BudgetPeriod, user: User, settings: ReportSettings,
            today: date, tolerance_percent: Decimal) -> MyWork:
    """What awaits ``user`` in the mission's period as of ``today``."""
    drafts, draft_count = drafts_of(session, mission.id, user.id, ASSESSMENTS_SHOWN)
    returned, returned_count = returned_assessments(session, mission.id, ASSESSMENTS_SHOWN)
    work = open_work_report(session, mission, period, settings, today, tolerance_percent)
    return MyWork(drafts=drafts, draft_count=draft_count, returned=returned, returned_count=returned_count,
                  unexplained=work.unexplained, unexplained_count=work.unexplained_count, stale=work.stale)
