"""The dashboard's impact indicators over time: each indicator's last values against its target
path and the path's tolerance band, the edge a value must reach to be on track.

A pure builder: the indicators shown (off track first) and their last values, read in SQL
(``cpas.results.queries.latest_values``: never every data point), in; each indicator's series and
path, and their ``Table`` (the charts' table view), out. The path and its band are judged by the
rule of ``cpas.results.progress``, so the chart cannot disagree with the status beside it.
Quantities stay ``Decimal``; the chart (``cpas.reports.dashboard_charts.trend_figure``) gets
floats only to draw them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cpas.reports.translator import Translator
from cpas.results.progress import Observation, PathPoint, judged_target, target_path_point
from cpas.tables import CellKind, Column, RecordLink, Row, Table

# How many indicators the dashboard charts (off track first), and how many values of each.
TREND_CHARTS = 6
TREND_CHART_VALUES = 12
SHOWN = Decimal("0.01")  # the path's figures in the table: a path between whole counts is not whole


@dataclass(frozen=True)
class IndicatorTrend:
    indicator_id: int
    code: str
    name: str
    unit: str
    band: str  # the indicator's status (``Band`` value): the line's colour
    band_label: str
    values: list[Observation]  # the last values, oldest first
    path: list[PathPoint]  # the target path and its band's edge, on the values' and targets' dates

    @property
    def has_path(self) -> bool:
        return bool(self.path)


def _path(indicator, values: list[Observation], tolerance_percent: Decimal) -> list[PathPoint]:
    """The path on each value's date and on each target's date from the first value shown to the
    target the latest value is judged against (the path is drawn no further back than the values)."""
    if not values or not indicator.targets or indicator.baseline is None:
        return []
    first, last = values[0].on, values[-1].on
    judged = judged_target(indicator.targets, last)
    until = max(judged.on, last) if judged else last
    dates: set[date] = {value.on for value in values}
    dates |= {target.on for target in indicator.targets if first <= target.on <= until}
    if indicator.baseline_on and first <= indicator.baseline_on <= until:
        dates.add(indicator.baseline_on)
    points = (target_path_point(indicator.direction, indicator.baseline, indicator.baseline_on, indicator.targets,
                                on, tolerance_percent) for on in sorted(dates))
    return [PathPoint(point.on, _shown(point.path), _shown(point.edge)) for point in points if point is not None]


def _shown(value: Decimal) -> Decimal:
    return value.quantize(SHOWN, rounding=ROUND_HALF_UP)


def build_indicator_trends(statuses: list, series: dict[int, list[Observation]], tolerance_percent: Decimal,
                           translator: Translator) -> tuple[list[IndicatorTrend], Table]:
    """Each indicator of ``statuses`` (``IndicatorStatus``, off track first) with its values from
    ``series`` ({indicator id: last values, oldest first}), and the table of them all."""
    _ = translator.gettext
    table = Table(_("Impact indicators against their target path"), [
        Column("indicator", _("Impact indicator"), width=40),
        Column("on", _("Date"), CellKind.DATE),
        Column("value", _("Value"), CellKind.QUANTITY),
        Column("path", _("Target path"), CellKind.QUANTITY),
        Column("edge", _("On track up to"), CellKind.QUANTITY),
        Column("status", _("Status"), width=16),
    ], sheet_name="Indicator trends", notes=[
        _("The target path runs straight from the baseline to the target of the period; a value on the target's "
          "side of the band's edge is on track (the tolerance: %(percent)s per cent of the way).",
          percent=f"{tolerance_percent.normalize():f}")])
    trends = []
    for status in statuses:
        indicator = status.indicator
        values = sorted(series.get(indicator.id, []), key=lambda value: value.on)
        trend = IndicatorTrend(indicator_id=indicator.id, code=indicator.code, name=indicator.name,
                               unit=indicator.unit, band=indicator.progress.band.value,
                               band_label=translator.label(indicator.progress.band), values=values,
                               path=_path(indicator, values, tolerance_percent))
        trends.append(trend)
        path = {point.on: point for point in trend.path}
        for on in sorted({value.on for value in values} | set(path)):
            value = next((each.value for each in values if each.on == on), None)
            point = path.get(on)
            table.rows.append(Row({
                "indicator": f"{indicator.code} · {indicator.name}", "on": on, "value": value,
                "path": point.path if point else None, "edge": point.edge if point else None,
                "status": trend.band_label if values and on == values[-1].on else "",
            }, links={"indicator": RecordLink("impact-indicators", indicator.id)}))
    return trends, table
