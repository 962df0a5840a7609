"""The mission overview's small multiples: one column chart per impact indicator, of its last
values (the aggregated series the overview reads in SQL, never every data point), as plotly
figures that ``static/js/charts.js`` draws. Built as plain data, not plotly's graph objects: a
mission of many indicators builds many figures, and plotly.js checks them itself.

Colours from the Okabe–Ito palette (``cpas.reports.dashboard_charts`` uses the same): the latest
value in blue, the earlier ones in sky blue, each column labelled with its value, so nothing is
told by colour alone; the page shows the same values as a table beside each chart."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpas.reports.line_charts import FONT

LATEST_COLOUR = "#0072B2"  # Okabe–Ito blue
EARLIER_COLOUR = "#56B4E9"  # Okabe–Ito sky blue
HEIGHT = 180


@dataclass(frozen=True)
class ChartPoint:
    """One column: its caption (the year, or the day when a year has several values) and value."""

    caption: str
    on: date
    value: Decimal


def chart_points(values, format_day: Callable[[date], str]) -> list[ChartPoint]:
    """The columns of an indicator's values (objects with ``on`` and ``value``), oldest first:
    captioned by year when each year has one value, else by day."""
    ordered = sorted(values, key=lambda value: value.on)
    by_year = len({value.on.year for value in ordered}) == len(ordered)
    return [ChartPoint(str(value.on.year) if by_year else format_day(value.on), value.on, value.value)
            for value in ordered]


def indicator_figure(points: list[ChartPoint], unit: str, format_value: Callable[[Decimal], str],
                     separators: str) -> dict | None:
    """The indicator's column chart (data and layout); None with fewer than two values to compare."""
    if len(points) < 2:
        return None
    texts = [format_value(point.value) for point in points]
    trace = {
        "type": "bar",
        "x": [point.caption for point in points],
        "y": [str(point.value) for point in points],
        "text": texts, "textposition": "outside", "cliponaxis": False,
        "hovertext": [f"{point.caption}: {text} {unit}".strip() for point, text in zip(points, texts, strict=True)],
        "hoverinfo": "text",
        "marker": {"color": [EARLIER_COLOUR] * (len(points) - 1) + [LATEST_COLOUR]},
    }
    return {"data": [trace], "layout": {
        "height": HEIGHT, "margin": {"l": 44, "r": 8, "t": 22, "b": 28},
        "font": {"family": FONT, "size": 11, "color": "#212529"}, "separators": separators,
        "showlegend": False, "bargap": 0.35,
        "xaxis": {"type": "category", "showgrid": False, "fixedrange": True},
        "yaxis": {"rangemode": "tozero", "gridcolor": "#e4e7ec", "tickformat": ",~r", "fixedrange": True,
                  "title": {"text": unit, "font": {"size": 10}}},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}
