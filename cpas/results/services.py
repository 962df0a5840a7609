"""Domain operations on CPAS results: the cell changes of an impact indicator's grid of values
by region and date. Plain functions: they build changes for the engine and never commit."""

from datetime import date

from cpas.entry.fields import parse_value
from cpas.entry.grid import CellChange, cell_change
from cpas.entry.keys import record_key
from cpas.models import Provenance
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
