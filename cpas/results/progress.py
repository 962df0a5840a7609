"""Progress of an impact indicator, computed from its data: where the latest value stands between
the baseline and the target, whether that is on the path to the target, which way the values
are going, whether the data is fresh, and whether values by region add up to the whole.

Pure functions over plain values (no database, no Flask), so that the results page, the
assessment round and the workbook judge an indicator the same way. Quantities are ``Decimal``.
"""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import NamedTuple

from cpas.models import Direction

HUNDRED = Decimal(100)
# How far below the target path an indicator may be and still count as on track: a share of the
# way from baseline to target (or of the target itself when the target is the baseline).
DEFAULT_TOLERANCE_PERCENT = Decimal(15)
# How old the latest value may be, by the indicator's stated frequency, before it is stale; a
# reporting month of grace on top.
FREQUENCY_DAYS = {"monthly": 31, "quarterly": 92, "six-monthly": 183, "half-yearly": 183, "biannual": 183,
                  "yearly": 366, "annual": 366, "annually": 366}
GRACE = timedelta(days=31)
TREND_POINTS = 3


class Band(enum.Enum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"  # no baseline or no target to judge against
    NO_DATA = "no_data"


class Trend(enum.Enum):
    IMPROVING = "improving"
    STABLE = "stable"
    DETERIORATING = "deteriorating"
    UNKNOWN = "unknown"  # fewer than two values


class Observation(NamedTuple):
    """A value on a date. A named tuple of a date and a Decimal, which the garbage collector stops
    tracking: a round holds tens of thousands of them, and tracked objects make each of its
    requests pay for a full collection."""

    on: date
    value: Decimal


@dataclass(frozen=True, slots=True)
class RegionalMismatch:
    """On ``on``, the whole-mission value is not the sum of the regional values."""

    on: date
    whole: Decimal
    sum_of_regions: Decimal


# Named tuples rather than frozen dataclasses below: as immutable, and a round makes one of each
# for each of a mission's thousand indicators a request, where a frozen dataclass costs three
# times as much to make.
class IndicatorData(NamedTuple):
    """What progress is computed from: the indicator's definition and its values."""

    direction: Direction
    baseline: Decimal | None
    baseline_on: date | None
    targets: list[Observation]
    # Whole-mission values (no region): at least the latest ones the trend reads and every one
    # on a date that has regional values.
    values: list[Observation]
    regional_totals: Mapping[date, Decimal] = MappingProxyType({})  # the regions' values added up, by date
    frequency: str = ""
    additive: bool = False


class Progress(NamedTuple):
    latest: Observation | None
    target: Observation | None  # the target the latest value is judged against
    # The share of the way from baseline to target covered, in per cent (negative: moved away).
    achieved_percent: Decimal | None
    # The share the straight path from baseline to target expects by the latest value's date.
    expected_percent: Decimal | None
    band: Band
    trend: Trend
    stale: bool
    mismatches: list[RegionalMismatch]

    baseline: Decimal | None = None
    recent: tuple[Observation, ...] = ()  # the latest values, oldest first, that the trend reads

    @property
    def change_from_baseline(self) -> Decimal | None:
        return None if self.latest is None or self.baseline is None else self.latest.value - self.baseline

    @property
    def change_needed(self) -> Decimal | None:
        return None if self.target is None or self.baseline is None else self.target.value - self.baseline

    @property
    def worse_than_baseline(self) -> bool:
        return self.achieved_percent is not None and self.achieved_percent < 0


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _better(direction: Direction, value: Decimal, than: Decimal) -> int:
    """1 if ``value`` is better than ``than``, -1 if worse, 0 if equal."""
    difference = value - than if direction is Direction.HIGHER_IS_BETTER else than - value
    return (difference > 0) - (difference < 0)


def judged_target(targets: list[Observation], on: date) -> Observation | None:
    """The target of the period being assessed: the first target due on or after ``on``, else the
    last one (the end target, already due)."""
    ordered = sorted(targets)  # by date: an indicator has one target a date
    return next((target for target in ordered if target.on >= on), ordered[-1] if ordered else None)


def _expected_percent(baseline_on: date | None, target: Observation, on: date) -> Decimal:
    if baseline_on is None or target.on <= baseline_on:
        return HUNDRED
    elapsed = min(max((on - baseline_on).days, 0), (target.on - baseline_on).days)
    return _percent(Decimal(elapsed), Decimal((target.on - baseline_on).days))


def trend_of(direction: Direction, values: list[Observation], points: int = TREND_POINTS) -> Trend:
    """Which way the last ``points`` values go: the latest against the earliest of them."""
    return _trend(direction, sorted(values)[-points:])  # by date: one whole-mission value a date


TRENDS = {1: Trend.IMPROVING, 0: Trend.STABLE, -1: Trend.DETERIORATING}


def _trend(direction: Direction, recent: list[Observation] | tuple[Observation, ...]) -> Trend:
    """Which way values in date order go: the latest against the earliest."""
    if len(recent) < 2:
        return Trend.UNKNOWN
    return TRENDS[_better(direction, recent[-1].value, recent[0].value)]


# How old the latest value may be, by frequency: its days and the grace.
STALE_AFTER = {frequency: timedelta(days=days) + GRACE for frequency, days in FREQUENCY_DAYS.items()}


def is_stale(frequency: str, latest: Observation | None, as_of: date) -> bool:
    """Whether the latest value is older than the indicator's frequency allows. An indicator
    without data is stale; one whose frequency is not stated is never called stale."""
    if latest is None:
        return True
    limit = STALE_AFTER.get(frequency.strip().lower())
    return limit is not None and as_of - latest.on > limit


def regional_mismatches(whole: list[Observation], regional_totals: dict[date, Decimal]) -> list[RegionalMismatch]:
    """Dates where an additive indicator's regional values do not add up to its whole-mission value."""
    return [RegionalMismatch(observation.on, observation.value, regional_totals[observation.on])
            for observation in sorted(whole, key=lambda value: value.on)
            if observation.on in regional_totals and regional_totals[observation.on] != observation.value]


def indicator_progress(data: IndicatorData, as_of: date,
                       tolerance_percent: Decimal = DEFAULT_TOLERANCE_PERCENT) -> Progress:
    """The progress of one indicator as of a date (values observed after it are not counted)."""
    # By date (one whole-mission value a date). A round judges a thousand indicators a request:
    # each step here is done once.
    values = sorted([value for value in data.values if value.on <= as_of])
    latest = values[-1] if values else None
    mismatches = regional_mismatches(values, data.regional_totals) if data.additive and data.regional_totals else []
    recent = tuple(values[-TREND_POINTS:])
    trend, stale = _trend(data.direction, recent), is_stale(data.frequency, latest, as_of)
    if latest is None:
        return Progress(None, None, None, None, Band.NO_DATA, trend, stale, mismatches, recent=recent)
    target = judged_target(data.targets, latest.on)
    if target is None or data.baseline is None:
        return Progress(latest, target, None, None, Band.NO_TARGET, trend, stale, mismatches, recent=recent)
    distance = target.value - data.baseline
    if _better(data.direction, target.value, data.baseline) <= 0:
        # The target holds the baseline, or caps a worsening (at most so many deaths): there is no
        # way from baseline to target to measure, so the latest value is judged against the target.
        allowance = abs(target.value) * tolerance_percent / HUNDRED
        shortfall = -_better(data.direction, latest.value, target.value) * abs(latest.value - target.value)
        band = Band.ON_TRACK if shortfall <= allowance else Band.OFF_TRACK
        return Progress(latest, target, None, None, band, trend, stale, mismatches, recent=recent)
    achieved = _percent(latest.value - data.baseline, distance)
    expected = _expected_percent(data.baseline_on, target, latest.on)
    band = Band.ON_TRACK if achieved >= expected - tolerance_percent else Band.OFF_TRACK
    return Progress(latest, target, achieved, expected, band, trend, stale, mismatches, baseline=data.baseline,
                    recent=recent)


# The rating the data suggests, by the codes of the default rating scale (seeded by migration).
def suggested_rating_code(progress: Progress) -> str | None:
    """A rating for the officer to confirm or overrule: regression when the indicator has moved
    away from its target past the baseline or is deteriorating off track; significant progress when
    on track and improving; some progress when on track; no progress otherwise. None without data."""
    if progress.band in (Band.NO_DATA, Band.NO_TARGET):
        return None
    if progress.worse_than_baseline or (progress.band is Band.OFF_TRACK and progress.trend is Trend.DETERIORATING):
        return "regression"
    if progress.band is Band.ON_TRACK:
        return "significant_progress" if progress.trend is Trend.IMPROVING else "some_progress"
    return "no_progress"


@dataclass(frozen=True, slots=True)
class PathPoint:
    """Where the target path stands on a date, and the edge of its tolerance band: a value at the
    edge, or beyond it on the target's side, is on track (as ``indicator_progress`` judges)."""

    on: date
    path: Decimal
    edge: Decimal


def target_path_point(direction: Direction, baseline: Decimal | None, baseline_on: date | None,
                      targets: list[Observation], on: date,
                      tolerance_percent: Decimal = DEFAULT_TOLERANCE_PERCENT) -> PathPoint | None:
    """The target path and its band's edge on ``on``, judged against the target of that date as
    ``indicator_progress`` does; None without a baseline or a target."""
    target = judged_target(targets, on)
    if target is None or baseline is None:
        return None
    if _better(direction, target.value, baseline) <= 0:
        # A target that caps a worsening: the value is judged against the target itself.
        allowance = abs(target.value) * tolerance_percent / HUNDRED
        worse = allowance if direction is Direction.LOWER_IS_BETTER else -allowance
        return PathPoint(on, target.value, target.value + worse)
    expected = _expected_percent(baseline_on, target, on)
    distance = target.value - baseline
    return PathPoint(on, baseline + expected * distance / HUNDRED,
                     baseline + (expected - tolerance_percent) * distance / HUNDRED)
