"""The mission overview's one chart: the impact indicators of the outcomes that most need attention,
counted by status, as a plotly figure that ``static/js/charts.js`` draws. Fed by the counts
(``cpas.missions.overview``), never by data points; built as plain data (plotly.js checks it).

Lying stacked bars, one per outcome, most off track on top. Colours from the Okabe–Ito palette
(``cpas.reports.dashboard_charts`` uses the same): off track in vermillion, on track in bluish
green, no target in grey, no data hatched; each segment is labelled with its count and the legend
names the statuses, so nothing is told by colour alone. The page shows the same counts as a table."""

import textwrap
from collections.abc import Callable

from cpas.missions.overview import STATUSES, OutcomeStatuses
from cpas.reports.line_charts import FONT
from cpas.results.progress import Band

MARKERS = {
    Band.OFF_TRACK: {"color": "#D55E00"},
    Band.ON_TRACK: {"color": "#009E73"},
    Band.NO_TARGET: {"color": "#A9B1BA"},
    Band.NO_DATA: {"color": "#FFFFFF", "line": {"color": "#6C757D", "width": 1},
                   "pattern": {"shape": "/", "fgcolor": "#6C757D", "size": 6, "solidity": 0.25}},
}
TEXT_COLOURS = {Band.OFF_TRACK: "#FFFFFF", Band.ON_TRACK: "#FFFFFF", Band.NO_TARGET: "#212529",
                Band.NO_DATA: "#212529"}
BAR_HEIGHT = 30  # pixels per outcome
MIN_HEIGHT = 192  # the chart's box (static/css/cpas.css: 12rem)
SHORT_BAR = 10  # indicators: below it, the axis steps by one
TITLE_LENGTH = 34  # characters of an outcome's title on the axis; the hover and the table have it whole


def _axis_label(statuses: OutcomeStatuses) -> str:
    title = textwrap.shorten(statuses.outcome.title, TITLE_LENGTH, placeholder="…")
    return f"{statuses.outcome.code} · {title}"


def status_figure(charted: list[OutcomeStatuses], labels: dict[Band, str], format_count: Callable[[int], str],
                  separators: str, axis_title: str) -> dict | None:
    """The figure (data and layout); None when no outcome has an indicator. ``labels``: each
    status's name in the page's language."""
    if not charted:
        return None
    axis = [_axis_label(statuses) for statuses in charted]
    traces = []
    for band in STATUSES:
        counts = [statuses.counts[band] for statuses in charted]
        if not any(counts):
            continue
        traces.append({
            "type": "bar", "orientation": "h", "name": labels[band], "y": axis, "x": counts,
            "marker": MARKERS[band],
            "text": [format_count(count) if count else "" for count in counts],
            "textposition": "inside", "insidetextanchor": "middle",
            "textfont": {"color": TEXT_COLOURS[band]},
            "hovertext": [f"{statuses.outcome.code} · {statuses.outcome.title}: {format_count(count)} {labels[band]}"
                          for statuses, count in zip(charted, counts, strict=True)],
            "hoverinfo": "text",
        })
    # Whole counts on the axis: a step of one while the longest bar is short, else plotly's own.
    steps = {"dtick": 1} if max(statuses.total for statuses in charted) < SHORT_BAR else {}
    return {"data": traces, "layout": {
        "barmode": "stack", "showlegend": True, "height": max(MIN_HEIGHT, 90 + BAR_HEIGHT * len(charted)),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "font": {"family": FONT, "size": 12, "color": "#212529"}, "separators": separators,
        "legend": {"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "xanchor": "left",
                   "traceorder": "normal"},
        "yaxis": {"type": "category", "autorange": "reversed", "automargin": True, "tickfont": {"size": 11},
                  "fixedrange": True},
        "xaxis": {"rangemode": "tozero", "gridcolor": "#e4e7ec", "tickformat": ",d", "fixedrange": True,
                  "automargin": True, **steps, "side": "top", "title": {"text": axis_title, "font": {"size": 11}}},
        "bargap": 0.3, "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}
