"""Domain operations on CPAS results: an impact indicator's progress from its loaded data, the
cell changes of its grid of values by region and date, and the approved money attributed to each
outcome. Plain functions: they never commit."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from cpas.entry.fields import display_value, parse_value
from cpas.entry.grid import CellChange, ShownCell, cell_change
from cpas.entry.keys import record_key
from cpas.formatting import format_day
from cpas.models import ImpactIndicator, Outcome, Provenance, RegionalAggregation
from cpas.results.attribution import OutcomeMoney, attribute_to_outcomes
from cpas.results.progress import TREND_POINTS, IndicatorData, Observation, Progress, indicator_progress
from cpas.results.queries import (
    activities_serving_tasks,
    latest_values,
    no_cutoffs,
    regional_mismatches_by_indicator,
)
from cpas.results.specs import DATA_POINTS, IMPACT_INDICATORS


def parse_new_date(text: str) -> date | None:
    """The date of the grid's extra column, if one was typed (FieldError if it is not a date)."""
    return parse_value(DATA_POINTS.field("observed_on"), text) if text else None


@dataclass(frozen=True)
class ValuesGrid:
    """An indicator's values laid out by region (rows, the whole mission first) and date (columns),
    as saved or as typed; the cell of row r and column c is named "cell-r-c" in the form."""

    regions: list[str]
    dates: list[date]
    cells: dict[tuple[str, date], str]

    @staticmethod
    def cell_name(row: int, column: int) -> str:
        return f"cell-{row}-{column}"

    def typed(self, form, new_date: date | None, shown_dates: list[date] | None = None) -> "ValuesGrid":
        """The grid as the user sent it, laid out by the dates its page showed (``shown_dates``, else
        the saved ones), with a column for ``new_date`` if it is a new date."""
        shown = self.dates if shown_dates is None else shown_dates
        dates = shown + ([new_date] if new_date and new_date not in shown else [])
        cells = {(region, day): form.get(self.cell_name(row, column), "")
                 for row, region in enumerate(self.regions) for column, day in enumerate(dates)}
        return ValuesGrid(self.regions, dates, cells)


def dates_text(dates: list[date]) -> str:
    """The dates of a grid's columns, for the hidden input that lays its cells out again."""
    return " ".join(day.isoformat() for day in dates)


def read_dates(text: str | None) -> list[date] | None:
    """The dates a grid's page showed (None when the form does not say)."""
    if text is None:
        return None
    try:
        return [date.fromisoformat(part) for part in text.split()]
    except ValueError:
        return None


def shown_values(indicator: ImpactIndicator, grid: ValuesGrid) -> dict[str, ShownCell]:
    """What each saved cell of the grid shows: its data point's version and its text."""
    points = {(point.region, point.observed_on): point for point in indicator.data_points}
    shown = {}
    for row, region in enumerate(grid.regions):
        for column, day in enumerate(grid.dates):
            name, point = grid.cell_name(row, column), points.get((region, day))
            shown[name] = ShownCell(point.version if point else None, {name: grid.cells.get((region, day), "")})
    return shown


def grid_after_conflict(saved: ValuesGrid, typed: ValuesGrid, form, shown: dict[str, ShownCell]) -> ValuesGrid:
    """The grid to show again after a refusal: the values saved now, with what the user typed in
    the cells they edited (at the dates they typed them, new ones included)."""
    cells, dates = dict(saved.cells), set(saved.dates)
    for row, region in enumerate(typed.regions):
        for column, day in enumerate(typed.dates):
            name = typed.cell_name(row, column)
            if shown.get(name, ShownCell(None, {name: ""})).edited(form):
                cells[(region, day)] = typed.cells.get((region, day), "")
                dates.add(day)
    return ValuesGrid(saved.regions, sorted(dates), cells)


def values_grid(indicator: ImpactIndicator, mission_regions: list[str], locale: str | None = None) -> ValuesGrid:
    """The saved values of an indicator: a row for the whole mission and each region of the mission
    (and any other region its values name), a column for each date it has values for; the values
    as ``locale``'s language writes them."""
    points = indicator.data_points
    regions = list(dict.fromkeys(["", *mission_regions, *(point.region for point in points)]))
    dates = sorted({point.observed_on for point in points})
    cells = {(point.region, point.observed_on): display_value(DATA_POINTS.field("value"), point.value, locale)
             for point in points}
    return ValuesGrid(regions, dates, cells)


def indicator_changes(indicator: ImpactIndicator, grid: ValuesGrid, source: str,
                      shown: dict[str, ShownCell] | None = None, form=None) -> list[CellChange]:
    """One change per cell of the typed grid; new values take ``source``. With ``shown`` (what the
    page showed, ``shown_values``) and the ``form``, cells the user left alone are not written."""
    indicator_key = record_key(IMPACT_INDICATORS, indicator)
    points = {(point.region, point.observed_on): point for point in indicator.data_points}
    changes = []
    for row, region in enumerate(grid.regions):
        for column, day in enumerate(grid.dates):
            typed, existing = grid.cells.get((region, day), ""), points.get((region, day))
            raw = {"indicator": indicator_key, "observed_on": day.isoformat(), "region": region, "value": typed}
            if existing is None:
                raw.update(source=source, provenance=Provenance.ENTERED.value)
            name = grid.cell_name(row, column)
            cell_shown = shown.get(name, ShownCell(None, {name: ""})) if shown is not None else None
            label = f"{region or _l('All regions')} · {format_day(day)}"
            change = cell_change(DATA_POINTS, existing, raw, typed, name, shown=cell_shown, form=form,
                                 label=label, fields=("value",))
            if change:
                changes.append(change)
    return changes


def indicator_data(indicator: ImpactIndicator, values: list[Observation],
                   regional_totals: dict[date, Decimal]) -> IndicatorData:
    """What progress is computed from: an indicator loaded with its targets, and its values as
    ``results.queries.progress_values`` reads them."""
    return IndicatorData(
        direction=indicator.direction, baseline=indicator.baseline_value, baseline_on=indicator.baseline_on,
        targets=[Observation(target.target_on, target.value) for target in indicator.targets],
        values=values, regional_totals=regional_totals, frequency=indicator.frequency,
        additive=indicator.regional_aggregation is RegionalAggregation.SUM,
    )


def progress_by_indicator(session: Session, outcomes: list[Outcome], as_of: date,
                          tolerance_percent: Decimal) -> dict[int, Progress]:
    """{indicator id: progress as of a date} of the indicators of outcomes loaded with them and
    their targets (two queries more, whatever their number): each indicator's last values and
    the dates where its regions do not add up, found in SQL (``results.queries.latest_values``
    and ``regional_mismatches_by_indicator``, as the assessment round reads them); no other value
    is read."""
    outcome_ids = [outcome.id for outcome in outcomes]
    if not outcome_ids:
        return {}
    mission_id, judged_as_of = outcomes[0].mission_id, no_cutoffs()  # every indicator is judged as of ``as_of``
    recent = latest_values(session, mission_id, judged_as_of, as_of, TREND_POINTS, outcome_ids)
    mismatches = regional_mismatches_by_indicator(session, mission_id, judged_as_of, as_of, outcome_ids)
    progress = {}
    for outcome in outcomes:
        for indicator in outcome.indicators:
            # The mismatching dates' whole values join the last values: progress reports those
            # dates and, older or already among them, they change neither the latest nor the trend.
            values = {observation.on: observation for observation in recent.get(indicator.id, [])}
            totals = {}
            for on, whole, regions in mismatches.get(indicator.id, []):
                values.setdefault(on, Observation(on, whole))
                totals[on] = regions
            progress[indicator.id] = indicator_progress(indicator_data(indicator, list(values.values()), totals),
                                                        as_of, tolerance_percent)
    return progress


def approved_money_by_outcome(session, mission_id: int, period_id: int, outcome_tasks: dict[int, int | None],
                              itemised: Collection[int] | None = None) -> dict[int, OutcomeMoney]:
    """{outcome id: the approved money of the period attributed to it} for ``outcome_tasks``
    ({outcome id: its mandated task id}, every outcome of the mission), each activity's share
    listed for the outcomes ``itemised`` (None: all), by the rule of ``cpas.results.attribution``
    (one query)."""
    return attribute_to_outcomes(outcome_tasks, activities_serving_tasks(session, mission_id, period_id), itemised)
