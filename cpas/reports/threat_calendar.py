"""The threat calendar: a mission's incidents and fatalities by region and month over the years,
with its planned activities and operations laid over them, the seasonal view (each month of the
year, a mean over the years) and the high-risk months in which no operation ran in the region.

Pure: the SQL aggregate (one row per region, year, month and event type), the mission's
activities, the high-risk rule and a translator in; ``Table``s, and the grid the charts draw, out.
pandas reshapes the small aggregate (the full calendar of months, the seasonal mean, each region's
percentile); it never sees an incident row. No database, no Flask.

Definitions, stated on the page and in the workbook:

- The calendar runs from the month of the mission's first incident to the month of its last; a
  month without incidents in it counts as nil.
- A region's month is **high-risk** when its incidents or its fatalities are at or above the
  ``HighRiskRule.percentile`` of that region's months (75: the top quartile), and not nil.
- An **operation** is an activity with a named operation, not cancelled; it runs in each region it
  names from the month it starts to the month it ends (an activity without dates: its budget
  period). Other activities are laid over too, but do not cover a month.
- A high-risk month is **uncovered** when no operation runs in the region that month. Only months
  of budget periods for which the mission has activities recorded are judged: before any plan was
  recorded there is nothing to miss. Nor are incidents without a region: no operation can cover them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

import pandas as pd

from cpas.models import Activity, ActivityStatus
from cpas.reports.translator import Translator
from cpas.tables import CellKind, Column, RecordLink, Row, Table

EVENTS, FATALITIES = "events", "fatalities"
MEASURES = (EVENTS, FATALITIES)
MONTHS_OF_YEAR = tuple(range(1, 13))
MONTH_KEYS = tuple(f"m{month}" for month in MONTHS_OF_YEAR)
ONE_DECIMAL = Decimal("0.1")
AGGREGATE_COLUMNS = ["region", "year", "month", "event_type", EVENTS, FATALITIES]
OPERATION, OTHER_ACTIVITY = "operation", "activity"
# The page lists this many activities at most (the workbook lists them all): a mission at ten times
# the UN's size has some 1,900 over its periods, a list nobody reads on screen and slow to draw.
ACTIVITIES_ON_PAGE = 100


def month_index(year: int, month: int) -> int:
    """Months counted from year 0, so that a calendar is a range of integers: 2019-11 → 24238."""
    return year * 12 + month - 1


def year_and_month(index: int) -> tuple[int, int]:
    year, month = divmod(index, 12)
    return year, month + 1


def month_of(day: date) -> int:
    return month_index(day.year, day.month)


def month_names(translator: Translator) -> list[str]:
    """The months' short names in the reader's language, January first."""
    _ = translator.gettext
    return [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"), _("Sep"), _("Oct"),
            _("Nov"), _("Dec")]


def month_label(index: int, names: list[str]) -> str:
    """``Nov 2019``."""
    year, month = year_and_month(index)
    return f"{names[month - 1]} {year}"


@dataclass(frozen=True, kw_only=True)
class HighRiskRule:
    """Which months of a region are high-risk: those whose value is at or above the region's
    ``percentile`` over all its months (linear interpolation between months, as Excel's
    PERCENTILE.INC), and not nil. Configured by THREAT_HIGH_RISK_PERCENTILE (default 75)."""

    percentile: Decimal = Decimal(75)

    def __post_init__(self):
        if not Decimal(0) <= self.percentile <= Decimal(100):
            raise ValueError(f"a percentile is between 0 and 100, not {self.percentile}")

    def thresholds(self, values: pd.DataFrame) -> pd.Series:
        """Each region's (row's) threshold over its months (columns)."""
        return values.quantile(float(self.percentile) / 100, axis=1)

    def flags(self, values: pd.DataFrame) -> pd.DataFrame:
        """True for each region's month that is high-risk by these values."""
        return values.ge(self.thresholds(values), axis=0) & values.gt(0)


@dataclass(kw_only=True)
class CalendarGrid:
    """The calendar as the charts draw it: regions (rows) by months (columns)."""

    regions: list[str]  # as the mission names them, then regions only incidents name, then ""
    region_labels: list[str]  # "" shown as "Region not recorded"
    months: list[int]  # month indexes (``month_index``), first to last month with incidents
    values: dict[str, pd.DataFrame]  # measure → regions × months, whole numbers
    seasonal: dict[str, pd.DataFrame]  # measure → regions × months of the year (1–12), means; NaN: no data
    high_risk: pd.DataFrame  # regions × months, True where high-risk
    high_risk_by: dict[str, pd.DataFrame]  # measure → where that measure alone makes the month high-risk
    operations: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (region, month) → names
    other_activities: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    judged_months: set[int] = field(default_factory=set)  # months of periods with activities recorded
    uncovered: list[tuple[str, int]] = field(default_factory=list)  # (region, month), in calendar order

    def __post_init__(self):
        # Plain lookups for the loops below: a pandas cell lookup costs microseconds each.
        self._counts = {measure: frame.to_dict(orient="index") for measure, frame in self.values.items()}
        self._flagged = {measure: _true_cells(frame) for measure, frame in self.high_risk_by.items()}
        self._high_risk = _true_cells(self.high_risk)

    def count(self, measure: str, region: str, month: int) -> int:
        return int(self._counts[measure][region][month])

    def is_high_risk(self, region: str, month: int, measure: str | None = None) -> bool:
        """Whether the month is high-risk in the region (by ``measure`` alone, if given)."""
        return (region, month) in (self._flagged[measure] if measure else self._high_risk)

    def overlay(self, region: str, month: int) -> str | None:
        """What runs in the region that month: an operation, another activity, or nothing."""
        if self.operations.get((region, month)):
            return OPERATION
        if self.other_activities.get((region, month)):
            return OTHER_ACTIVITY
        return None


@dataclass(kw_only=True)
class ThreatCalendar:
    grid: CalendarGrid
    # The workbook's sheet of every region, month and event type (thousands of rows), built only
    # when asked for: the page does not show it.
    build_incidents_by_month: Callable[[], Table]
    calendars: dict[str, Table]  # measure → region and year by month of the year
    seasonal: dict[str, Table]  # measure → region by month of the year, means
    uncovered: Table
    activities: Table
    incident_count: int
    fatality_count: int
    first_date: date | None
    last_date: date | None
    high_risk_judged: int  # high-risk months within the months judged
    rule: HighRiskRule
    judged_spans: list[str] = field(default_factory=list)  # the months judged, as "Jul 2018 – Jun 2020"

    @property
    def has_incidents(self) -> bool:
        return self.incident_count > 0

    @cached_property
    def incidents_by_month(self) -> Table:
        return self.build_incidents_by_month()

    @property
    def activities_on_page(self) -> Table:
        """The activities table as the page shows it: its first ``ACTIVITIES_ON_PAGE`` rows."""
        return replace(self.activities, rows=self.activities.rows[:ACTIVITIES_ON_PAGE])

    @property
    def sheets(self) -> list[Table]:
        """The workbook's sheets, in order."""
        return [self.incidents_by_month, self.calendars[EVENTS], self.calendars[FATALITIES], self.seasonal[EVENTS],
                self.seasonal[FATALITIES], self.uncovered, self.activities]


def _true_cells(flags: pd.DataFrame) -> set[tuple[str, int]]:
    """The (row, column) pairs where a frame of flags is True."""
    stacked = flags.stack()
    return set(stacked[stacked.astype(bool)].index)


def _regions_in_order(mission_regions: list[str], found: set[str]) -> tuple[list[str], dict[str, str]]:
    """The rows of the calendar, and how each region found in the data is spelled in them: the
    mission's regions in its order (matched without regard to case), then any other region the
    incidents name, alphabetically, then incidents without a region."""
    spelled = {region.casefold(): region for region in mission_regions}
    others = sorted({region for region in found if region and region.casefold() not in spelled})
    spelled.update({region.casefold(): region for region in others})
    rows = [*mission_regions, *others, *([""] if "" in found else [])]
    return rows, {region: spelled.get(region.casefold(), region) for region in found}


def _aggregate_frame(rows: list[tuple], spelling: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)
    frame["region"] = frame["region"].map(spelling)
    frame[[EVENTS, FATALITIES]] = frame[[EVENTS, FATALITIES]].fillna(0).astype("int64")
    # Two spellings of one region (MOPTI, Mopti) become one row.
    return frame.groupby(["region", "year", "month", "event_type"], as_index=False)[[EVENTS, FATALITIES]].sum()


def _full_calendar(frame: pd.DataFrame, regions: list[str], months: list[int]) -> dict[str, pd.DataFrame]:
    """Each measure as regions × every month of the calendar, nil where nothing happened."""
    indexed = frame.assign(month_index=frame["year"] * 12 + frame["month"] - 1)
    totals = indexed.pivot_table(index="region", columns="month_index", values=[EVENTS, FATALITIES],
                                 aggfunc="sum", fill_value=0)
    return {measure: totals[measure].reindex(index=regions, columns=months, fill_value=0).astype("int64")
            for measure in MEASURES}


def _seasonal_means(values: pd.DataFrame, months: list[int]) -> pd.DataFrame:
    """Regions × months of the year: the mean of each month of the year over the years the calendar
    covers it (NaN for a month of the year it never covers)."""
    if not months:
        return pd.DataFrame(index=values.index, columns=list(MONTHS_OF_YEAR), dtype="float64")
    month_of_year = [year_and_month(index)[1] for index in months]
    return values.T.groupby(month_of_year).mean().T.reindex(columns=list(MONTHS_OF_YEAR))


def _activity_regions(activity: Activity, spelled: dict[str, str]) -> list[str]:
    """The calendar's regions an activity names ("Mopti, Ségou"), as the calendar spells them."""
    named = [part.strip().casefold() for part in (activity.region or "").split(",")]
    return list(dict.fromkeys(spelled[name] for name in named if name in spelled))


def _activity_months(activity: Activity, period_start: date, period_end: date) -> range:
    """The months an activity runs: its own dates, else its budget period's."""
    return range(month_of(activity.starts_on or period_start), month_of(activity.ends_on or period_end) + 1)


def _lay_over_activities(grid: CalendarGrid, activities: list[tuple[Activity, date, date]], translator: Translator,
                         names: list[str]) -> Table:
    """Mark where each activity runs on the grid, and list them all with how they were laid over.
    An activity is a record or a row of the columns the calendar reads (``ACTIVITY_ON_CALENDAR``)."""
    _ = translator.gettext
    spelled = {region.casefold(): region for region in grid.regions if region}
    # The calendar's months run without a gap from its first to its last.
    first_month, end_month = (grid.months[0], grid.months[-1] + 1) if grid.months else (0, 0)
    table = Table(_("Activities and operations laid over the calendar"), [
        Column("ref", _("Reference"), width=12),
        Column("title", _("Title"), width=50),
        Column("operation", _("Named operation"), width=26),
        Column("regions", _("Regions"), width=26),
        Column("months", _("Months"), width=22),
        Column("laid_over", _("On the calendar as"), width=34),
    ], sheet_name="Activities overlaid", notes=[
        _("An activity without dates runs over its budget period. An operation is an activity with a named "
          "operation; only operations cover a high-risk month.")])
    # Translated once, not once an activity: each gettext call asks Flask-Babel for the locale.
    cancelled, nowhere = _("Not laid over: cancelled"), _("Not laid over: no region of the mission")
    as_operation, as_other = _("Operation"), _("Other activity")
    # A mission has thousands of activities over a few periods, regions and months: each of those
    # is worked out once.
    periods: set[tuple[date, date]] = set()
    regions_named: dict[str | None, list[str]] = {}
    labels = {month: month_label(month, names) for month in grid.months}
    marks_of = {True: defaultdict(list), False: defaultdict(list)}  # is an operation → (region, month) → names
    for activity, period_start, period_end in activities:
        running = _activity_months(activity, period_start, period_end)
        periods.add((period_start, period_end))
        if activity.region not in regions_named:
            regions_named[activity.region] = _activity_regions(activity, spelled)
        regions = regions_named[activity.region]
        is_operation = bool(activity.operation_name.strip())
        if activity.status is ActivityStatus.CANCELLED:
            laid_over = cancelled
        elif not regions:
            laid_over = nowhere
        else:
            laid_over = as_operation if is_operation else as_other
            marks = marks_of[is_operation]
            name = activity.operation_name.strip() if is_operation else activity.title
            on_calendar = range(max(running.start, first_month), min(running.stop, end_month))
            for region in regions:
                for month in on_calendar:
                    marks[region, month].append(name)
        first, last = running.start, running.stop - 1
        table.rows.append(Row({
            "ref": activity.ref, "title": activity.title, "operation": activity.operation_name,
            "regions": activity.region, "laid_over": laid_over,
            "months": f"{labels.get(first) or month_label(first, names)} – "
                      f"{labels.get(last) or month_label(last, names)}",
        }, links={"ref": RecordLink("activities", activity.id), "title": RecordLink("activities", activity.id)}))
    for period_start, period_end in periods:
        grid.judged_months.update(range(month_of(period_start), month_of(period_end) + 1))
    for is_operation, marks in marks_of.items():
        (grid.operations if is_operation else grid.other_activities).update(marks)
    return table


def _incidents_table(frame: pd.DataFrame, regions: list[str], labels: dict[str, str],
                     translator: Translator) -> Table:
    _ = translator.gettext
    table = Table(_("Incidents by month"), [
        Column("region", _("Region"), width=22),
        Column("year", _("Year"), CellKind.ORDINAL, width=8),
        Column("month", _("Month"), CellKind.ORDINAL, width=8),
        Column("event_type", _("Event type"), width=30),
        Column("events", _("Events"), CellKind.INTEGER, width=10),
        Column("fatalities", _("Fatalities"), CellKind.INTEGER, width=11),
    ], sheet_name="Incidents by month", notes=[
        _("One row per region, year, month and event type that had incidents; a month without a row had none.")])
    order = {region: position for position, region in enumerate(regions)}
    ordered = frame.assign(order=frame["region"].map(order)).sort_values(["order", "year", "month", "event_type"])
    for region, year, month, event_type, events, fatalities in ordered[AGGREGATE_COLUMNS].itertuples(index=False):
        table.rows.append(Row({"region": labels[region], "year": int(year), "month": int(month),
                               "event_type": event_type, "events": int(events), "fatalities": int(fatalities)}))
    return table


# The shades of the page's calendar table, the darkest for its highest month (static/css/cpas.css).
HEAT_LEVELS = 5


def _calendar_table(grid: CalendarGrid, measure: str, translator: Translator, names: list[str],
                    span_note: str) -> Table:
    """One row per region and year, a column per month and the year's total (a live SUM in Excel);
    a month outside the calendar is blank."""
    _ = translator.gettext
    title = _("Incidents by region and month") if measure == EVENTS else _("Fatalities by region and month")
    table = Table(title, [
        Column("region", _("Region"), width=18),
        Column("year", _("Year"), CellKind.ORDINAL, width=7),
        *(Column(key, name, CellKind.INTEGER, width=7) for key, name in zip(MONTH_KEYS, names, strict=True)),
        Column("total", _("Total"), CellKind.INTEGER, formula=f"SUM({{{MONTH_KEYS[0]}}}:{{{MONTH_KEYS[-1]}}})",
               width=9),
    ], sheet_name="Incidents calendar" if measure == EVENTS else "Fatalities calendar",
        caption=_("(Incidents per month)") if measure == EVENTS else _("(Fatalities per month)"),
        notes=[span_note], colour_scale=list(MONTH_KEYS))
    if not grid.months:
        return table
    years = range(year_and_month(grid.months[0])[0], year_and_month(grid.months[-1])[0] + 1)
    on_calendar = set(grid.months)
    highest = int(grid.values[measure].to_numpy().max())
    for region, label in zip(grid.regions, grid.region_labels, strict=True):
        for position, year in enumerate(years):
            # Besides the figures, what the page marks on each month: its shade (0 to HEAT_LEVELS,
            # of the calendar's highest month), what runs then, whether it is high-risk, uncovered.
            cells = {"region": label, "year": year, "first_of_region": position == 0, "overlay": {}, "heat": {},
                     "high_risk": set(), "uncovered": set()}
            for month, key in zip(MONTHS_OF_YEAR, MONTH_KEYS, strict=True):
                index = month_index(year, month)
                if index not in on_calendar:
                    continue
                cells[key] = count = grid.count(measure, region, index)
                cells["heat"][key] = -(-count * HEAT_LEVELS // highest) if highest else 0  # rounded up
                cells["overlay"][key] = grid.overlay(region, index)
                if grid.is_high_risk(region, index):
                    cells["high_risk"].add(key)
            cells["total"] = sum(cells[key] for key in MONTH_KEYS if key in cells)
            table.rows.append(Row(cells))
    for region, index in grid.uncovered:
        year, month = year_and_month(index)
        row = table.rows[grid.regions.index(region) * len(years) + year - years.start]
        row.cells["uncovered"].add(MONTH_KEYS[month - 1])
    return table


def _spans(months: set[int], names: list[str]) -> list[str]:
    """Runs of consecutive months, as "Jul 2018 – Jun 2020"."""
    spans, start = [], None
    ordered = sorted(months)
    for position, month in enumerate(ordered):
        start = month if start is None else start
        if position + 1 == len(ordered) or ordered[position + 1] != month + 1:
            spans.append(f"{month_label(start, names)} – {month_label(month, names)}")
            start = None
    return spans


def _rounded(mean: float) -> Decimal | None:
    if pd.isna(mean):
        return None
    return Decimal(repr(float(mean))).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _seasonal_table(grid: CalendarGrid, measure: str, translator: Translator, names: list[str]) -> Table:
    _ = translator.gettext
    if measure == EVENTS:
        title, caption = _("Incidents by month of the year: mean over the years"), _("(Mean incidents per month)")
    else:
        title, caption = _("Fatalities by month of the year: mean over the years"), _("(Mean fatalities per month)")
    table = Table(title, [
        Column("region", _("Region"), width=18),
        *(Column(key, name, CellKind.AVERAGE, width=7) for key, name in zip(MONTH_KEYS, names, strict=True)),
        Column("peak", _("Highest month"), width=16),
    ], sheet_name="Seasonal incidents" if measure == EVENTS else "Seasonal fatalities", caption=caption,
        colour_scale=list(MONTH_KEYS), notes=[
        _("A mean, not a total: each month of the year is averaged over the years the data covers it, a month "
          "without incidents counting as nil.")])
    if not grid.months:
        return table
    means = grid.seasonal[measure].to_dict(orient="index")
    for region, label in zip(grid.regions, grid.region_labels, strict=True):
        cells = {"region": label}
        for month, key in zip(MONTHS_OF_YEAR, MONTH_KEYS, strict=True):
            cells[key] = _rounded(means[region][month])
        present = {key: value for key, value in cells.items() if key in MONTH_KEYS and value is not None}
        top = max(present.values(), default=None)
        cells["peak"] = ", ".join(names[MONTH_KEYS.index(key)] for key, value in present.items()
                                  if top and value == top)
        table.rows.append(Row(cells))
    return table


def _uncovered_table(grid: CalendarGrid, rule: HighRiskRule, translator: Translator, names: list[str]) -> Table:
    _ = translator.gettext
    table = Table(_("High-risk months without an operation"), [
        Column("region", _("Region"), width=18),
        Column("year", _("Year"), CellKind.ORDINAL, width=7),
        Column("month", _("Month"), width=8),
        Column("events", _("Events"), CellKind.INTEGER, width=10),
        Column("fatalities", _("Fatalities"), CellKind.INTEGER, width=11),
        Column("reason", _("High-risk by"), width=24),
        Column("others", _("Other activities running"), width=50),
    ], sheet_name="High-risk, no operation", notes=[
        _("High-risk: a month whose incidents or fatalities are at or above the %(percentile)sth percentile of "
          "the region's months, and not nil. Covered: a named operation, not cancelled, runs in the region that "
          "month. Only months of budget periods with activities recorded are judged.",
          percentile=f"{rule.percentile:g}")])
    labels = dict(zip(grid.regions, grid.region_labels, strict=True))
    for region, index in grid.uncovered:
        year, month = year_and_month(index)
        by_events = grid.is_high_risk(region, index, EVENTS)
        by_fatalities = grid.is_high_risk(region, index, FATALITIES)
        reason = (_("incidents and fatalities") if by_events and by_fatalities
                  else _("incidents") if by_events else _("fatalities"))
        table.rows.append(Row({
            "region": labels[region], "year": year, "month": names[month - 1],
            "events": grid.count(EVENTS, region, index),
            "fatalities": grid.count(FATALITIES, region, index), "reason": reason,
            "others": "; ".join(dict.fromkeys(grid.other_activities.get((region, index), []))),
            "month_index": index, "region_key": region,
        }))
    return table


def build_threat_calendar(*, aggregate: list[tuple], mission_regions: list[str],
                          activities: list[tuple[Activity, date, date]], first_date: date | None,
                          last_date: date | None, rule: HighRiskRule, translator: Translator,
                          by_event_type: Callable[[], list[tuple]] | None = None) -> ThreatCalendar:
    """The threat calendar of a mission from ``aggregate`` (region, year, month, event type,
    events, fatalities: ``queries.incidents_by_region_and_month``, or its event types added up)
    and its activities with their budget periods' dates (``queries.activities_with_period_dates``).
    ``by_event_type`` gives the rows by event type for the workbook's sheet of them, when asked
    for (the page does not show it); without it, ``aggregate`` is taken to be by event type."""
    _ = translator.gettext
    names = month_names(translator)
    found = {row[0] for row in aggregate}
    regions, spelling = _regions_in_order(mission_regions, found)
    frame = _aggregate_frame(aggregate, spelling)
    labels = {region: region or _("Region not recorded") for region in regions}
    if aggregate:
        indexes = frame["year"] * 12 + frame["month"] - 1
        months = list(range(int(indexes.min()), int(indexes.max()) + 1))
    else:
        months = []
    values = _full_calendar(frame, regions, months) if months else {
        measure: pd.DataFrame(index=regions, columns=months, dtype="int64") for measure in MEASURES}
    high_risk_by = {measure: rule.flags(values[measure]) for measure in MEASURES}
    grid = CalendarGrid(regions=regions, region_labels=[labels[region] for region in regions], months=months,
                        values=values, seasonal={measure: _seasonal_means(values[measure], months)
                                                 for measure in MEASURES},
                        high_risk=high_risk_by[EVENTS] | high_risk_by[FATALITIES], high_risk_by=high_risk_by)
    activities_table = _lay_over_activities(grid, activities, translator, names)
    high_risk = [(region, month) for region in regions for month in months if grid.is_high_risk(region, month)]
    # Incidents without a region cannot be covered by an operation: they are shown, not judged.
    judged = [(region, month) for region, month in high_risk if region and month in grid.judged_months]
    grid.uncovered = [(region, month) for region, month in judged if not grid.operations.get((region, month))]
    span_note = (_("From %(first)s to %(last)s; a month without incidents counts as nil.",
                   first=month_label(months[0], names), last=month_label(months[-1], names)) if months
                 else _("No incidents are recorded for this mission."))
    return ThreatCalendar(
        grid=grid, build_incidents_by_month=lambda: _incidents_table(
            _aggregate_frame(by_event_type(), spelling) if by_event_type else frame, regions, labels, translator),
        calendars={measure: _calendar_table(grid, measure, translator, names, span_note) for measure in MEASURES},
        seasonal={measure: _seasonal_table(grid, measure, translator, names) for measure in MEASURES},
        uncovered=_uncovered_table(grid, rule, translator, names), activities=activities_table,
        incident_count=int(frame[EVENTS].sum()), fatality_count=int(frame[FATALITIES].sum()),
        first_date=first_date, last_date=last_date, high_risk_judged=len(judged), rule=rule,
        judged_spans=_spans(grid.judged_months, names),
    )


# The months ahead, for the dashboard: the coming months' risk by region, as past years had it in
# the same months, beside the activities and operations planned in them.
MONTHS_AHEAD = 6


@dataclass(frozen=True)
class MonthAhead:
    region: str
    region_label: str
    month: int  # ``month_index``
    month_label: str  # "Nov 2019", in the reader's language
    events: Decimal | None  # the mean of that month of the year over the years of the data
    fatalities: Decimal | None
    high_risk: bool
    operations: tuple[str, ...]
    other_activities: tuple[str, ...]

    @property
    def uncovered(self) -> bool:
        return self.high_risk and not self.operations


@dataclass(kw_only=True)
class MonthsAhead:
    months: list[int]
    month_labels: list[str]
    regions: list[str]
    region_labels: list[str]
    cells: dict[tuple[str, int], MonthAhead]
    table: Table
    has_incidents: bool
    # The period is over: its last months are shown rather than months to come.
    period_over: bool = False

    @property
    def high_risk(self) -> list[MonthAhead]:
        return [cell for cell in self.cells.values() if cell.high_risk]

    @property
    def uncovered(self) -> list[MonthAhead]:
        """High-risk months ahead in which no operation is planned in the region, month by month."""
        return sorted((cell for cell in self.cells.values() if cell.uncovered),
                      key=lambda cell: (cell.month, self.regions.index(cell.region)))


@dataclass(kw_only=True)
class Seasons:
    """The seasonal view alone, without the calendar's tables: each region's mean of each month of
    the year over the years of the data (what the months ahead are judged by)."""

    regions: list[str]  # as the threat calendar orders and spells them, incidents without a region left out
    region_labels: list[str]
    seasonal: dict[str, pd.DataFrame]  # measure → regions × months of the year (1–12), means; NaN: no data
    has_incidents: bool


def build_seasons(*, aggregate: list[tuple], mission_regions: list[str], translator: Translator) -> Seasons:
    """The seasons of ``aggregate`` (as ``build_threat_calendar`` takes it), by the calendar's own
    steps: a month without incidents counts as nil, two spellings of a region are one."""
    _ = translator.gettext
    regions, spelling = _regions_in_order(mission_regions, {row[0] for row in aggregate})
    regions = [region for region in regions if region]
    if not aggregate:
        empty = pd.DataFrame(index=regions, columns=list(MONTHS_OF_YEAR), dtype="float64")
        return Seasons(regions=regions, region_labels=regions, seasonal={measure: empty for measure in MEASURES},
                       has_incidents=False)
    frame = _aggregate_frame(aggregate, spelling)
    indexes = frame["year"] * 12 + frame["month"] - 1
    months = list(range(int(indexes.min()), int(indexes.max()) + 1))
    values = _full_calendar(frame, regions, months)
    return Seasons(regions=regions, region_labels=regions,
                   seasonal={measure: _seasonal_means(values[measure], months) for measure in MEASURES},
                   has_incidents=bool(frame[EVENTS].sum()))


def months_ahead_window(today: date, period_start: date, period_end: date, count: int = MONTHS_AHEAD) -> list[int]:
    """The ``count`` months from this one, kept within the budget period: a period not yet begun
    shows its first months, one that is over its last ones."""
    first, last = month_of(period_start), month_of(period_end)
    start = max(first, min(month_of(today), last - count + 1))
    return list(range(start, min(start + count, last + 1)))


def build_months_ahead(seasons: Seasons, activities: list[tuple[Activity, date, date]], months: list[int],
                       rule: HighRiskRule, translator: Translator, period_over: bool = False) -> MonthsAhead:
    """Each region's risk in ``months`` from the threat calendar's seasonal view (``build_seasons``:
    the mean of the same month of the year over the years of the data; high-risk when at or above
    the region's percentile of its twelve months, and not nil, by incidents or by fatalities),
    beside the activities planned to run there then (an operation: an activity with a named
    operation, not cancelled)."""
    _ = translator.gettext
    names = month_names(translator)
    regions = seasons.regions
    labels = dict(zip(seasons.regions, seasons.region_labels, strict=True))
    spelled = {region.casefold(): region for region in regions}
    wanted = set(months)
    planned: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    for activity, period_start, period_end in activities:
        if activity.status is ActivityStatus.CANCELLED:
            continue
        is_operation = bool(activity.operation_name.strip())
        name = activity.operation_name.strip() if is_operation else f"{activity.ref} {activity.title}"
        for region in _activity_regions(activity, spelled):
            for month in wanted.intersection(_activity_months(activity, period_start, period_end)):
                operations, others = planned.setdefault((region, month), ([], []))
                (operations if is_operation else others).append(name)
    seasonal = seasons.seasonal
    has_incidents = seasons.has_incidents
    flagged = _true_cells(rule.flags(seasonal[EVENTS]) | rule.flags(seasonal[FATALITIES])) if has_incidents else set()
    means = {measure: frame.to_dict(orient="index") for measure, frame in seasonal.items()}
    table = Table(_("The months ahead: risk by region and the activities planned"), [
        Column("region", _("Region"), width=18),
        Column("month", _("Month"), width=10),
        Column("events", _("Mean incidents"), CellKind.AVERAGE, width=10),
        Column("fatalities", _("Mean fatalities"), CellKind.AVERAGE, width=10),
        Column("high_risk", _("High-risk"), width=10),
        Column("operations", _("Named operations planned"), width=40),
        Column("others", _("Other activities planned"), width=40),
    ], sheet_name="Months ahead", notes=[
        _("Risk as past years had it: the mean of the same month of the year over the years of the incident data. "
          "High-risk: at or above the %(percentile)sth percentile of the region's twelve months, by incidents or "
          "fatalities, and not nil.", percentile=f"{rule.percentile:g}")])
    cells = {}
    for region in regions:
        for month in months:
            month_of_year = year_and_month(month)[1]
            operations, others = planned.get((region, month), ([], []))
            cell = MonthAhead(
                region=region, region_label=labels[region], month=month, month_label=month_label(month, names),
                events=_rounded(means[EVENTS][region][month_of_year]) if has_incidents else None,
                fatalities=_rounded(means[FATALITIES][region][month_of_year]) if has_incidents else None,
                high_risk=(region, month_of_year) in flagged,
                operations=tuple(dict.fromkeys(operations)), other_activities=tuple(dict.fromkeys(others)))
            cells[(region, month)] = cell
            table.rows.append(Row({
                "region": cell.region_label, "month": month_label(month, names), "events": cell.events,
                "fatalities": cell.fatalities, "high_risk": (_("yes, no operation") if cell.uncovered else _("yes"))
                if cell.high_risk else "", "operations": "; ".join(cell.operations),
                "others": "; ".join(cell.other_activities)}, links={}))
    return MonthsAhead(months=months, month_labels=[month_label(month, names) for month in months],
                       regions=regions, region_labels=[labels[region] for region in regions],
                       cells=cells, table=table, has_incidents=has_incidents, period_over=period_over)
