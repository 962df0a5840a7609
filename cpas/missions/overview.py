"""The mission overview's impact indicators at a glance: how many of each outcome's indicators are
off track, on track, without a target to judge against or without data, and how many lack fresh
data, as the assessment round judges them (``cpas.assessments.rounds.round_indicators``, the rule
of ``cpas.results.progress``), so that the overview, the dashboard and My work agree.

A pure builder: the outcomes and their judged indicators in, counts out. The page charts the
outcomes that most need attention (``OUTCOMES_CHARTED``, most off track first) and lists the
first indicators off track; the results page and the dashboard show every one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cpas.results.progress import Band

if TYPE_CHECKING:  # the round's module reads the database; this builder only takes its indicators
    from cpas.assessments.rounds import IndicatorInRound

# The order of the statuses in the chart, its legend and its table: what needs attention first.
STATUSES = (Band.OFF_TRACK, Band.ON_TRACK, Band.NO_TARGET, Band.NO_DATA)
OUTCOMES_CHARTED = 12
OFF_TRACK_LISTED = 10


@dataclass(frozen=True)
class OutcomeRow:
    """What the overview reads of an outcome."""

    id: int
    code: str
    title: str


@dataclass
class OutcomeStatuses:
    """One outcome's indicators counted by status."""

    outcome: OutcomeRow
    counts: dict[Band, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    stale: int = 0  # without fresh data (by the indicator's frequency)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class OffTrack:
    indicator: IndicatorInRound
    outcome: OutcomeRow


@dataclass(kw_only=True)
class IndicatorOverview:
    charted: list[OutcomeStatuses]  # the outcomes charted, most off track first
    outcome_count: int
    without_indicators: int  # outcomes no indicator measures yet
    totals: OutcomeStatuses  # every indicator of the mission
    off_track: list[OffTrack]  # the first OFF_TRACK_LISTED, in the outcomes' order

    @property
    def indicator_count(self) -> int:
        return self.totals.total

    @property
    def off_track_count(self) -> int:
        return self.totals.counts[Band.OFF_TRACK]


def _needs_attention(statuses: OutcomeStatuses) -> tuple:
    counts = statuses.counts
    return (-counts[Band.OFF_TRACK], -counts[Band.NO_DATA], -statuses.stale, statuses.outcome.code)


def build_indicator_overview(outcomes: list[OutcomeRow], indicators: dict[int, list[IndicatorInRound]],
                             charted: int = OUTCOMES_CHARTED, listed: int = OFF_TRACK_LISTED) -> IndicatorOverview:
    """The counts of ``indicators`` ({outcome id: its judged indicators}) by outcome and in all,
    the ``charted`` outcomes that most need attention (most indicators off track, then without
    data, then without fresh data) and the first ``listed`` indicators off track."""
    totals = OutcomeStatuses(OutcomeRow(0, "", ""))
    by_outcome, off_track = [], []
    for outcome in outcomes:
        statuses = OutcomeStatuses(outcome)
        for indicator in indicators.get(outcome.id, []):
            band = indicator.progress.band
            statuses.counts[band] += 1
            statuses.stale += indicator.progress.stale
            if band is Band.OFF_TRACK and len(off_track) < listed:
                off_track.append(OffTrack(indicator, outcome))
        for band, count in statuses.counts.items():
            totals.counts[band] += count
        totals.stale += statuses.stale
        by_outcome.append(statuses)
    measured = [statuses for statuses in by_outcome if statuses.total]
    return IndicatorOverview(charted=sorted(measured, key=_needs_attention)[:charted], outcome_count=len(outcomes),
                             without_indicators=len(by_outcome) - len(measured), totals=totals,
                             off_track=off_track)
