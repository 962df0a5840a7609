"""Domain operations on CPAS results: an impact indicator's progress from its loaded data, and
the cell changes of its grid of values by region and date. Plain functions: they never commit."""

from datetime import date

from cpas.entry.fields import parse_value
from cpas.entry.grid import CellChange, cell_change
from cpas.entry.keys import record_key
from cpas.models import ImpactIndicator, Provenance, RegionalAggregation
from cpas.results.progress import IndicatorData, Observation, Progress, indicator_progress
from cpas.results.specs import DATA_POINTS, IMPACT_INDICATORS


def parse_new_date(text: str) -> date | None:
    """The date of the grid's extra column, if one was typed (FieldError if it is not a date)."""
    return parse_value(DATA_POINTS.field("observed_on"), text) if text else None


def indicator_changes(indicator, regions: list[str], dates: list[date], cells: dict[str, str],
                      source: str) -> list[CellChange]:
    """One change per cell "cell-<row>-<column>" of the region × date grid; new values take
    ``source``."""
    indicator_key = record_key(IMPACT_INDICATORS, indicator)
    points = {(point.region, point.observed_on): point for point in indicator.data_points}
    changes = []
    for row, region in enumerate(regions):
        for column, day in enumerate(dates):
            name = f"cell-{row}-{column}"
            typed, existing = cells.get(name, ""), points.get((region, day))
            raw = {"indicator": indicator_key, "observed_on": day.isoformat(), "region": region, "value": typed}
            if existing is None:
                raw.update(source=source, provenance=Provenance.VERIFIED.value)
            change = cell_change(DATA_POINTS, existing, raw, typed, name)
            if change:
                changes.append(change)
    return changes


def indicator_data(indicator: ImpactIndicator) -> IndicatorData:
    """What progress is computed from, out of an indicator loaded with its targets and data points."""
    regional: dict = {}
    for point in indicator.data_points:
        if point.region:
            regional.setdefault(point.observed_on, {})[point.region] = point.value
    return IndicatorData(
        direction=indicator.direction, baseline=indicator.baseline_value, baseline_on=indicator.baseline_on,
        targets=[Observation(target.target_on, target.value) for target in indicator.targets],
        values=[Observation(point.observed_on, point.value) for point in indicator.data_points if not point.region],
        regional_values=regional, frequency=indicator.frequency,
        additive=indicator.regional_aggregation is RegionalAggregation.SUM,
    )


def progress_by_indicator(indicators: list[ImpactIndicator], as_of, tolerance_percent) -> dict[int, Progress]:
    """{indicator id: progress as of a date} of loaded indicators."""
    return {indicator.id: indicator_progress(indicator_data(indicator), as_of, tolerance_percent)
            for indicator in indicators}
