"""Progress of an impact indicator from its data, in both directions, with the edge cases an M&E
officer checks: a target equal to the baseline, missing data, stale data, regions that do not add up."""

from datetime import date
from decimal import Decimal

from cpas.models import Direction
from cpas.results.progress import (
    Band,
    IndicatorData,
    Observation,
    Trend,
    indicator_progress,
    suggested_rating_code,
)

AS_OF = date(2020, 6, 30)


def data(direction, baseline, values, targets, **extra) -> IndicatorData:
    return IndicatorData(
        direction=direction, baseline=Decimal(baseline), baseline_on=date(2016, 12, 31),
        targets=[Observation(on, Decimal(value)) for on, value in targets],
        values=[Observation(on, Decimal(value)) for on, value in values], **extra)


def test_civilian_deaths_rising_against_a_falling_target_are_off_track_and_a_regression():
    deaths = data(Direction.LOWER_IS_BETTER, 71,
                  [(date(2016, 12, 31), 71), (date(2017, 12, 31), 192), (date(2018, 12, 31), 815)],
                  [(date(2020, 6, 30), 50)], frequency="Yearly")
    progress = indicator_progress(deaths, AS_OF)
    assert progress.latest.value == Decimal(815)
    assert progress.achieved_percent == Decimal("-3542.9")  # (815 − 71) / (50 − 71)
    assert progress.band is Band.OFF_TRACK and progress.trend is Trend.DETERIORATING
    assert progress.stale  # a yearly figure of December 2018 in June 2020
    assert suggested_rating_code(progress) == "regression"


def test_a_higher_is_better_indicator_ahead_of_its_path_is_on_track_and_improving():
    patrols = data(Direction.HIGHER_IS_BETTER, 100,
                   [(date(2017, 12, 31), 150), (date(2018, 12, 31), 220)],
                   [(date(2020, 12, 31), 300)], frequency="Yearly")
    progress = indicator_progress(patrols, date(2019, 6, 30))
    assert progress.achieved_percent == Decimal("60.0")  # 120 of the 200 to go
    assert progress.expected_percent == Decimal("50.0")  # two of four years
    assert progress.band is Band.ON_TRACK and progress.trend is Trend.IMPROVING
    assert not progress.stale
    assert suggested_rating_code(progress) == "significant_progress"


def test_the_tolerance_decides_just_behind_the_path():
    patrols = data(Direction.HIGHER_IS_BETTER, 100, [(date(2018, 12, 31), 170)], [(date(2020, 12, 31), 300)])
    progress = indicator_progress(patrols, date(2019, 6, 30))  # 35 % achieved where 50 % is expected
    assert progress.band is Band.ON_TRACK
    assert indicator_progress(patrols, date(2019, 6, 30), tolerance_percent=Decimal(10)).band is Band.OFF_TRACK


def test_a_lower_is_better_indicator_falling_on_its_path_is_on_track():
    displaced = data(Direction.LOWER_IS_BETTER, 1000, [(date(2017, 12, 31), 900), (date(2018, 12, 31), 700)],
                     [(date(2020, 12, 31), 600)])
    progress = indicator_progress(displaced, AS_OF)
    assert progress.achieved_percent == Decimal("75.0") and progress.expected_percent == Decimal("50.0")
    assert progress.band is Band.ON_TRACK and progress.trend is Trend.IMPROVING
    due = data(Direction.LOWER_IS_BETTER, 1000, [(date(2018, 12, 31), 700)], [(date(2018, 12, 31), 600)])
    assert indicator_progress(due, AS_OF).band is Band.OFF_TRACK  # 75 % where the target is due: 100 %


def test_a_target_equal_to_the_baseline_is_judged_against_the_target_itself():
    def holding(latest):
        return indicator_progress(data(Direction.HIGHER_IS_BETTER, 80, [(date(2018, 12, 31), latest)],
                                       [(date(2020, 6, 30), 80)]), AS_OF)

    assert holding(85).band is Band.ON_TRACK and holding(85).achieved_percent is None
    assert holding(70).band is Band.ON_TRACK  # 10 below 80: within 15 % of it
    assert holding(60).band is Band.OFF_TRACK
    assert suggested_rating_code(holding(60)) == "no_progress"


def test_missing_data_is_no_data_and_suggests_nothing():
    empty = data(Direction.LOWER_IS_BETTER, 71, [], [(date(2020, 6, 30), 50)], frequency="Yearly")
    progress = indicator_progress(empty, AS_OF)
    assert progress.band is Band.NO_DATA and progress.latest is None and progress.stale
    assert progress.trend is Trend.UNKNOWN and suggested_rating_code(progress) is None


def test_without_a_target_there_is_nothing_to_judge_against():
    untargeted = data(Direction.LOWER_IS_BETTER, 71, [(date(2018, 12, 31), 815)], [])
    assert indicator_progress(untargeted, AS_OF).band is Band.NO_TARGET


def test_values_after_the_assessed_date_are_not_counted():
    deaths = data(Direction.LOWER_IS_BETTER, 71, [(date(2017, 12, 31), 192), (date(2018, 12, 31), 815)],
                  [(date(2020, 6, 30), 50)])
    assert indicator_progress(deaths, date(2018, 6, 30)).latest.value == Decimal(192)


def test_regions_that_do_not_add_up_to_the_whole_are_reported_for_an_additive_indicator():
    regional = {date(2018, 12, 31): Decimal(500) + Decimal(200),  # Mopti and Ségou
                date(2017, 12, 31): Decimal(150) + Decimal(42)}
    values = [(date(2017, 12, 31), 192), (date(2018, 12, 31), 815)]
    additive = data(Direction.LOWER_IS_BETTER, 71, values, [], regional_totals=regional, additive=True)
    (mismatch,) = indicator_progress(additive, AS_OF).mismatches
    assert (mismatch.on, mismatch.whole, mismatch.sum_of_regions) == (date(2018, 12, 31), Decimal(815), Decimal(700))
    rate = data(Direction.LOWER_IS_BETTER, 71, values, [], regional_totals=regional, additive=False)
    assert indicator_progress(rate, AS_OF).mismatches == []  # a rate is not a sum of its regions


def test_a_target_that_caps_a_worsening_is_judged_against_the_cap():
    capped = data(Direction.LOWER_IS_BETTER, 71, [(date(2017, 12, 31), 192), (date(2018, 12, 31), 815)],
                  [(date(2020, 6, 30), 200)])  # at most 200 deaths: above the baseline of 71
    progress = indicator_progress(capped, AS_OF)
    assert progress.achieved_percent is None and progress.band is Band.OFF_TRACK
    assert suggested_rating_code(progress) == "regression"  # off track and deteriorating
