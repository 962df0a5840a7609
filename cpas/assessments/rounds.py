"""An assessment round: a mission's budget period, with each intended outcome's assessment of
the round (its latest one ending within the period), its indicators' progress as of the end of
that assessment (as of the round's date where the outcome has none yet), the rating the data
suggests, and the approved money attributed to it.

Read in a fixed number of queries however many outcomes, indicators and data points there are:
the data points are reduced in SQL to each indicator's last values and the dates where its
regions do not add up (``cpas.results.queries``); progress is then judged by the same pure
functions as on the results page (``cpas.results.progress``). A page of the round reads every
outcome's rating the data suggests (from the last three values of each indicator) but the trends
and the regions' check of its own outcomes only: the round of a mission of a thousand indicators
is read, and shown, a page of outcomes at a time."""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpas.assessments.queries import RoundAssessments, rating_levels, round_assessments, round_cutoffs
from cpas.assessments.services import least_favourable
from cpas.models import (
    BudgetPeriod,
    Direction,
    ImpactAssessment,
    Mission,
    Outcome,
    RatingLevel,
    RecommendationStatus,
    RegionalAggregation,
)
from cpas.results import queries
from cpas.results.attribution import OutcomeMoney
from cpas.results.progress import (
    TREND_POINTS,
    IndicatorData,
    Observation,
    Progress,
    indicator_progress,
    suggested_rating_code,
)
from cpas.results.services import approved_money_by_outcome

# How many of an indicator's last values a round shows in its trend (a monthly indicator's last
# two years): the progress needs the last three, the trend chart more; older values stay in the
# data workbook.
TREND_VALUES = 24
OPEN_RECOMMENDATIONS = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
# Outcomes shown in detail a page: each holds its indicators' table and trend charts (about 40 KB
# of page for ten indicators), and field offices read on slow links.
OUTCOMES_PER_PAGE = 5
# The most indicators a round shows in detail on one page (every outcome, to print the round):
# a round of more is shown a page of outcomes at a time, and its workbook holds it all.
MOST_INDICATORS_IN_DETAIL = 300


class IndicatorInRound(NamedTuple):  # a named tuple, as Progress: a round makes a thousand a request
    id: int
    code: str
    name: str
    unit: str
    direction: Direction
    baseline: Decimal | None
    baseline_on: date | None
    frequency: str
    data_source: str
    responsible_section: str
    additive: bool  # its values by region add up to the whole
    targets: list[Observation]
    recent_values: list[Observation]  # the last TREND_VALUES whole-mission values, oldest first
    progress: Progress
    suggested_code: str | None


@dataclass
class OutcomeInRound:
    outcome: Outcome
    as_of: date  # the date its indicators are judged as of
    assessment: ImpactAssessment | None
    earlier_assessments: int
    # Read in detail (trend values, regions' check): the outcomes of the page shown, or all of them.
    detailed: bool = True
    indicators: list[IndicatorInRound] = field(default_factory=list)
    suggested: RatingLevel | None = None
    money: OutcomeMoney = field(default_factory=OutcomeMoney)


@dataclass
class AssessmentRound:
    mission: Mission
    period: BudgetPeriod
    as_of: date  # the round's date: the period's end, or today while it runs
    outcomes: list[OutcomeInRound]
    page: int | None = None  # the page of outcomes read in detail; None: all of them
    pages: int = 1
    per_page: int = OUTCOMES_PER_PAGE
    too_long_for_one_page: bool = False  # every outcome in detail was asked for, and the round is too long
    _positions: dict[int, int] | None = field(default=None, repr=False)

    def overdue(self, recommendation) -> bool:
        """A recommendation still open after its due date (as of the round's date)."""
        return (recommendation.status in OPEN_RECOMMENDATIONS and recommendation.due_on is not None
                and recommendation.due_on < self.as_of)

    def page_of(self, outcome_id: int) -> int:
        """The page an outcome is shown in detail on."""
        if self._positions is None:
            self._positions = {each.outcome.id: index for index, each in enumerate(self.outcomes)}
        return self._positions[outcome_id] // self.per_page + 1

    @property
    def detailed(self) -> list[OutcomeInRound]:
        """The outcomes read in detail: those of the page, or all of them."""
        return [outcome for outcome in self.outcomes if outcome.detailed]

    @property
    def assessed(self) -> list[OutcomeInRound]:
        """The detailed outcomes that have an assessment in this round."""
        return [outcome for outcome in self.detailed if outcome.assessment is not None]


def _indicator(row, as_of: date, targets, recent, mismatches, tolerance_percent) -> IndicatorInRound:
    # The mismatching dates' whole values join the last values: progress reports those dates and,
    # being older or already among them, they change neither the latest value nor the trend.
    values = recent
    if mismatches:
        known = {observation.on for observation in recent}
        values = recent + [Observation(on, whole) for on, whole, _regions in mismatches if on not in known]
    data = IndicatorData(
        direction=row.direction, baseline=row.baseline_value, baseline_on=row.baseline_on, targets=targets,
        values=values, regional_totals={on: regions for on, _whole, regions in mismatches},
        frequency=row.frequency, additive=row.regional_aggregation is RegionalAggregation.SUM)
    progress = indicator_progress(data, as_of, tolerance_percent)
    return IndicatorInRound(
        id=row.id, code=row.code, name=row.name, unit=row.unit, direction=row.direction, baseline=row.baseline_value,
        baseline_on=row.baseline_on, frequency=row.frequency, data_source=row.data_source,
        responsible_section=row.responsible_section, additive=data.additive, targets=targets,
        recent_values=recent, progress=progress, suggested_code=suggested_rating_code(progress))


def round_as_of(period: BudgetPeriod, today: date) -> date:
    """The round's date: the period's end, or ``today`` while the period runs."""
    return min(today, period.ends_on)


def round_indicators(session: Session, mission: Mission, period: BudgetPeriod, today: date,
                     tolerance_percent: Decimal) -> dict[int, list[IndicatorInRound]]:
    """{outcome id: its impact indicators, by code} of the mission, each judged exactly as the
    round judges it (``load_round``: as of its outcome's assessment of the round, else the round's
    date, from its last values), without the rest of the round: four queries whatever the number
    of indicators and data points, and no trend values or regions' check (the pages that count
    statuses or list stale indicators do not show them, and they change neither)."""
    as_of = round_as_of(period, today)
    cutoffs = round_cutoffs(mission.id, period)
    judged_on = {outcome_id: cutoff for outcome_id, cutoff in session.execute(
        select(cutoffs.c.outcome_id, cutoffs.c.cutoff))}
    last_values = queries.latest_values(session, mission.id, cutoffs, as_of, TREND_POINTS)
    targets = queries.targets_by_indicator(session, mission.id)
    by_outcome: dict[int, list[IndicatorInRound]] = {}
    for row in queries.indicator_rows(session, mission.id):
        by_outcome.setdefault(row.outcome_id, []).append(
            _indicator(row, judged_on.get(row.outcome_id, as_of), targets.get(row.id, []),
                       last_values.get(row.id, []), [], tolerance_percent))
    return by_outcome


def load_round(session: Session, mission: Mission, period: BudgetPeriod, today: date, tolerance_percent: Decimal,
               page: int | None = None, per_page: int = OUTCOMES_PER_PAGE, most_in_detail: int | None = None,
               with_money: bool = True, in_detail: bool = True) -> AssessmentRound:
    """The assessment round of a mission and period as of ``today``, every outcome in detail or
    only those of ``page`` (a fixed number of queries either way), or none if ``in_detail`` is
    False (every indicator's progress from its last values alone); without the money attributed
    to each outcome if ``with_money`` is False (the dashboard shows neither). Every outcome in
    detail (``page`` None) is refused for a round of more than ``most_in_detail`` indicators: it
    is read a page at a time, from the first, and says so (``too_long_for_one_page``)."""
    as_of = round_as_of(period, today)
    cutoffs = round_cutoffs(mission.id, period)
    outcomes = queries.outcomes_of_mission(session, mission.id)
    indicator_rows = queries.indicator_rows(session, mission.id)
    pages = max(math.ceil(len(outcomes) / per_page), 1)
    too_long = in_detail and page is None and most_in_detail is not None and len(indicator_rows) > most_in_detail
    if too_long:
        page = 1
    if not in_detail:
        page, detailed = None, []
        last_values = queries.latest_values(session, mission.id, cutoffs, as_of, TREND_POINTS)
    elif page is None:
        detailed, last_values = None, {}
    else:
        page = min(max(page, 1), pages)
        detailed = [outcome.id for outcome in outcomes[(page - 1) * per_page:page * per_page]]
        # The page's own outcomes' trends and the others' last values, in one query.
        last_values = queries.latest_values(session, mission.id, cutoffs, as_of, TREND_POINTS, longer_for=detailed,
                                            longer_count=max(TREND_VALUES, TREND_POINTS))
    found: RoundAssessments = round_assessments(session, mission.id, period, with_recommendations=detailed)
    if detailed == []:
        recent, mismatches = {}, {}
    else:
        recent = (last_values if detailed is not None else
                  queries.latest_values(session, mission.id, cutoffs, as_of, max(TREND_VALUES, TREND_POINTS)))
        mismatches = queries.regional_mismatches_by_indicator(session, mission.id, cutoffs, as_of, detailed)
    targets = queries.targets_by_indicator(session, mission.id)
    money = (approved_money_by_outcome(session, mission.id, period.id,
                                       {outcome.id: outcome.mandated_task_id for outcome in outcomes}, detailed)
             if with_money else {})
    levels = rating_levels(session)
    in_round = {}
    for outcome in outcomes:
        assessment = found.latest.get(outcome.id)
        in_round[outcome.id] = OutcomeInRound(
            outcome=outcome, as_of=assessment.covers_to if assessment else as_of, assessment=assessment,
            earlier_assessments=found.earlier.get(outcome.id, 0), money=money.get(outcome.id, OutcomeMoney()),
            detailed=detailed is None or outcome.id in detailed)
    for row in indicator_rows:
        owner = in_round[row.outcome_id]
        values = recent if owner.detailed else last_values
        owner.indicators.append(_indicator(row, owner.as_of, targets.get(row.id, []), values.get(row.id, []),
                                           mismatches.get(row.id, []), tolerance_percent))
    for owner in in_round.values():
        owner.suggested = least_favourable({each.suggested_code for each in owner.indicators}, levels)
    return AssessmentRound(mission=mission, period=period, as_of=as_of, outcomes=list(in_round.values()),
                           page=page, pages=pages, per_page=per_page, too_long_for_one_page=too_long)
