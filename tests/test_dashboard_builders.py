"""The dashboard's pure builders, without a database or an app: the waterfall's steps from the
request to the spending, and its plotly figure labelled from the Decimals; the impact indicators'
trends against their target path and its tolerance band; the threat calendar's months ahead
against the activities planned."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cpas.models import Activity, ActivityStatus, Direction
from cpas.reports.dashboard import money_steps
from cpas.reports.dashboard_charts import trend_figure, waterfall_figure
from cpas.reports.financial import BudgetHeadline
from cpas.reports.indicator_trends import build_indicator_trends
from cpas.reports.threat_calendar import (
    HighRiskRule,
    build_months_ahead,
    build_seasons,
    build_threat_calendar,
    month_label,
    month_names,
    months_ahead_window,
)
from cpas.reports.threat_charts import months_ahead_figure
from cpas.reports.translator import Translator
from cpas.results.progress import Band, IndicatorData, Observation, indicator_progress, target_path_point

ENGLISH = Translator(gettext=lambda message, **values: message % values if values else message, label=str,
                     dollars=lambda amount: f"${amount:,.0f}", percent=lambda value: f"{value}%")
HEADLINE = BudgetHeadline(proposed=Decimal("1149778800.00"), recommended=Decimal("1146057900.00"),
                          approved=Decimal("1138457900.00"))


def test_the_steps_run_from_the_request_to_the_spending():
    steps = money_steps(HEADLINE, Decimal("1105667000.49"), ENGLISH)
    assert [step.key for step in steps] == ["proposed", "cut_recommended", "recommended", "cut_approved", "approved",
                                            "cut_expenditure", "expenditure"]
    changes = {step.key: (step.amount, step.percent) for step in steps if not step.is_total}
    assert changes == {"cut_recommended": (Decimal("-3720900.00"), Decimal("-0.32")),
                       "cut_approved": (Decimal("-7600000.00"), Decimal("-0.66")),
                       "cut_expenditure": (Decimal("-32790899.51"), Decimal("-2.88"))}
    assert steps[4].note == "Approved: $11,320,900 (0.98%) below the proposal"


def test_a_stage_not_recorded_is_left_out_and_one_stage_draws_nothing():
    steps = money_steps(BudgetHeadline(proposed=Decimal(100), recommended=None, approved=Decimal(90)), None, ENGLISH)
    assert [(step.key, step.amount) for step in steps] == [("proposed", Decimal(100)), ("cut_approved", Decimal(-10)),
                                                           ("approved", Decimal(90))]
    alone = money_steps(BudgetHeadline(proposed=Decimal(100), recommended=None, approved=None), None, ENGLISH)
    assert waterfall_figure(alone, ENGLISH.dollars, ENGLISH.percent, ".,", "") is None


def test_the_figure_draws_floats_but_labels_from_the_decimals():
    steps = money_steps(HEADLINE, Decimal("1105667000.49"), ENGLISH)
    figure = waterfall_figure(steps, ENGLISH.dollars, ENGLISH.percent, ".,", "Millions of US dollars")
    (trace,) = figure["data"]
    assert trace["measure"] == ["absolute", "relative", "total", "relative", "total", "relative", "total"]
    assert trace["x"][:2] == [1149.7788, -3.7209]
    assert "<b>−$32,790,900 (−2.88%)</b>" in trace["y"][5]  # rounded to whole dollars for the label only
    low, high = figure["layout"]["xaxis"]["range"]
    assert low < 1105.667 and high > 1149.7788


# The impact indicators' trends against their target path, judged as progress judges them.

DEATHS = IndicatorData(direction=Direction.LOWER_IS_BETTER, baseline=Decimal(71), baseline_on=date(2016, 12, 31),
                       targets=[Observation(date(2020, 6, 30), Decimal(50))],
                       values=[Observation(date(year, 12, 31), Decimal(deaths))
                               for year, deaths in ((2016, 71), (2017, 192), (2018, 815))])


@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize("target", [Decimal(40), Decimal(120), Decimal(80)])  # a way to go each side, or a cap
def test_the_band_edge_is_where_progress_turns_off_track(direction, target):
    baseline, on = Decimal(80), date(2019, 6, 30)
    targets = [Observation(date(2020, 6, 30), target)]
    point = target_path_point(direction, baseline, date(2018, 6, 30), targets, on, Decimal(15))
    worse = Decimal("-0.5") if direction is Direction.HIGHER_IS_BETTER else Decimal("0.5")

    def band(value):
        data = IndicatorData(direction=direction, baseline=baseline, baseline_on=date(2018, 6, 30), targets=targets,
                             values=[Observation(on, value)])
        return indicator_progress(data, on, Decimal(15)).band

    assert band(point.edge) is Band.ON_TRACK
    assert band(point.edge + worse) is Band.OFF_TRACK
    assert band(point.path) is Band.ON_TRACK


def test_a_trend_carries_the_path_on_the_values_and_targets_dates_and_its_table():
    progress = indicator_progress(DEATHS, date(2020, 6, 30))
    indicator = SimpleNamespace(id=7, code="O1.1", name="Civilian deaths", unit="deaths", progress=progress,
                                direction=DEATHS.direction, baseline=DEATHS.baseline, baseline_on=DEATHS.baseline_on,
                                targets=DEATHS.targets)
    (trend,), table = build_indicator_trends([SimpleNamespace(indicator=indicator, outcome_code="O1")],
                                             {7: DEATHS.values}, Decimal(15), ENGLISH)
    assert trend.band == "off_track" and [value.value for value in trend.values] == [71, 192, 815]
    # Straight from 71 (end of 2016) to 50 (mid-2020); the edge 15 % of the way behind the path.
    assert [(point.on, point.path, point.edge) for point in trend.path] == [
        (date(2016, 12, 31), Decimal("71.00"), Decimal("74.15")),
        (date(2017, 12, 31), Decimal("64.99"), Decimal("68.14")),
        (date(2018, 12, 31), Decimal("58.99"), Decimal("62.14")),
        (date(2020, 6, 30), Decimal("50.00"), Decimal("53.15")),
    ]
    assert [(row.get("on"), row.get("value"), row.get("path"), row.get("status")) for row in table.rows] == [
        (date(2016, 12, 31), Decimal(71), Decimal("71.00"), ""),
        (date(2017, 12, 31), Decimal(192), Decimal("64.99"), ""),
        (date(2018, 12, 31), Decimal(815), Decimal("58.99"), str(Band.OFF_TRACK)),  # the status on the latest value
        (date(2020, 6, 30), None, Decimal("50.00"), ""),
    ]
    figure = trend_figure(trend, str, date.isoformat, ".,", {"values": "Values", "path": "Path", "band": "Band"})
    edge, path, values = figure["data"]
    assert values["y"] == [71.0, 192.0, 815.0] and values["line"]["color"] == "#D55E00"  # Okabe–Ito vermillion
    assert path["fill"] == "tonexty" and path["y"][-1] == 50.0 and edge["y"][-1] == 53.15


def test_an_indicator_without_a_target_or_values_draws_no_path():
    progress = indicator_progress(IndicatorData(direction=Direction.HIGHER_IS_BETTER, baseline=None, baseline_on=None,
                                                targets=[], values=[]), date(2020, 1, 1))
    indicator = SimpleNamespace(id=8, code="X", name="No data", unit="", progress=progress,
                                direction=Direction.HIGHER_IS_BETTER, baseline=None, baseline_on=None, targets=[])
    (trend,), table = build_indicator_trends([SimpleNamespace(indicator=indicator, outcome_code="O")], {},
                                             Decimal(15), ENGLISH)
    assert trend.path == [] and table.rows == []
    assert trend_figure(trend, str, date.isoformat, ".,", {"values": "", "path": "", "band": ""}) is None


# The threat calendar's months ahead.

def test_the_months_ahead_stay_within_the_period():
    start, end = date(2019, 7, 1), date(2020, 6, 30)
    labels = lambda months: [month_label(month, month_names(ENGLISH)) for month in months]  # noqa: E731
    assert labels(months_ahead_window(date(2019, 10, 15), start, end)) == [
        "Oct 2019", "Nov 2019", "Dec 2019", "Jan 2020", "Feb 2020", "Mar 2020"]
    assert labels(months_ahead_window(date(2026, 12, 2), start, end))[0] == "Jan 2020"  # over: its last six
    assert labels(months_ahead_window(date(2019, 3, 1), start, end))[0] == "Jul 2019"  # not begun: its first six


def test_the_months_ahead_judge_by_the_threat_calendars_seasons():
    aggregate = [("MOPTI", 2018, 11, "Battles", 4, 1), ("Mopti", 2019, 11, "Riots", 2, 0), ("", 2019, 1, "Riots", 3, 0)]
    calendar = build_threat_calendar(aggregate=aggregate, mission_regions=["Mopti", "Gao"], activities=[],
                                     first_date=date(2018, 11, 1), last_date=date(2019, 11, 30), rule=HighRiskRule(),
                                     translator=ENGLISH)
    seasons = build_seasons(aggregate=aggregate, mission_regions=["Mopti", "Gao"], translator=ENGLISH)
    assert seasons.regions == ["Mopti", "Gao"]  # incidents without a region cannot be planned for
    for measure in ("events", "fatalities"):
        assert seasons.seasonal[measure].equals(calendar.grid.seasonal[measure].loc[["Mopti", "Gao"]])


def test_the_months_ahead_flag_the_high_risk_months_without_an_operation():
    # Two years in which Mopti and Ségou have as many incidents a month as its number, but none in
    # October and 10 in November: the 75th percentile of their months is 8.25, so September,
    # November and December are high-risk by incidents; by fatalities (2, all in November) November.
    aggregate = [(region, year, month, "Battles", {10: 0, 11: 10}.get(month, month), 2 if month == 11 else 0)
                 for region in ("Mopti", "Ségou") for year in (2017, 2018) for month in range(1, 13)]
    operation = Activity(ref="A-1", title="Protection of civilians", region="Mopti", operation_name="Operation Folon",
                         starts_on=date(2019, 10, 1), ends_on=date(2019, 12, 31))
    patrols = Activity(ref="A-2", title="Patrols", region="Ségou", operation_name="", starts_on=None, ends_on=None)
    cancelled = Activity(ref="A-3", title="Cancelled", region="Ségou", operation_name="Operation Cancelled",
                         status=ActivityStatus.CANCELLED)
    activities = [(activity, date(2019, 7, 1), date(2020, 6, 30)) for activity in (operation, patrols, cancelled)]
    seasons = build_seasons(aggregate=aggregate, mission_regions=["Mopti", "Ségou", "Gao"], translator=ENGLISH)
    months = months_ahead_window(date(2019, 10, 15), date(2019, 7, 1), date(2020, 6, 30))
    ahead = build_months_ahead(seasons, activities, months, HighRiskRule(), ENGLISH)
    november = months[1]
    mopti, segou = ahead.cells[("Mopti", november)], ahead.cells[("Ségou", november)]
    assert (mopti.events, mopti.fatalities, mopti.high_risk) == (Decimal("10.0"), Decimal("2.0"), True)
    assert mopti.operations == ("Operation Folon",) and not mopti.uncovered
    assert segou.high_risk and segou.operations == () and segou.other_activities == ("A-2 Patrols",)
    assert [(cell.region, cell.month_label) for cell in ahead.uncovered] == [("Ségou", "Nov 2019"),
                                                                             ("Ségou", "Dec 2019")]
    assert not ahead.cells[("Gao", november)].high_risk  # nil every month
    assert not ahead.cells[("Mopti", months[0])].high_risk  # October: nil
    assert not ahead.cells[("Mopti", months[3])].high_risk  # January: one incident
    row = next(row for row in ahead.table.rows if row.get("region") == "Ségou" and row.get("month") == "Nov 2019")
    assert (row.get("events"), row.get("high_risk"), row.get("others")) == (Decimal("10.0"), "yes, no operation",
                                                                             "A-2 Patrols")
    figure = months_ahead_figure(ahead, ENGLISH, ".,", str)
    heat, operations, uncovered = figure["data"]
    assert heat["y"] == ["Mopti", "Ségou", "Gao"] and heat["z"][0][1] == 10.0
    assert figure["layout"]["xaxis"]["ticktext"][heat["x"][1]] == "Nov 2019"
    assert uncovered["x"] == [None]  # the legend's entry: the layout's shapes outline the cells
    assert outlined(figure) == [("Nov 2019", "Ségou"), ("Dec 2019", "Ségou")]
    assert ("Nov 2019", "Mopti") in zip(operations["customdata"], operations["y"], strict=True)
    assert operations["x"][0] == -0.34  # beside October's figure, not over it


def outlined(figure: dict) -> list[tuple[str, str]]:
    """The (month, region) of each cell the months ahead's figure outlines."""
    months, regions = figure["layout"]["xaxis"]["ticktext"], figure["data"][0]["y"]
    return [(months[round((shape["x0"] + shape["x1"]) / 2)], regions[round((shape["y0"] + shape["y1"]) / 2)])
            for shape in figure["layout"]["shapes"]]


def test_without_incidents_the_months_ahead_draw_nothing():
    ahead = build_months_ahead(build_seasons(aggregate=[], mission_regions=["Mopti"], translator=ENGLISH), [],
                               [24238], HighRiskRule(), ENGLISH)
    assert not ahead.has_incidents and ahead.uncovered == [] and ahead.cells[("Mopti", 24238)].events is None
    assert months_ahead_figure(ahead, ENGLISH, ".,", str) is None
