"""The dashboard's waterfall as a plotly figure: the request, each cut, the approved budget and the
spending. Built as plain data (plotly.js checks it); amounts become floats only to be drawn,
every label is formatted from the ``Decimal`` by the page's language.

Colours from the Okabe–Ito palette, readable with every common colour-vision deficiency: stages
in blue, cuts in vermillion, increases in bluish green; each bar is labelled too, so nothing is
told by colour alone."""

import textwrap
from collections.abc import Callable
from decimal import Decimal

from cpas.reports.dashboard import MoneyStep
from cpas.reports.line_charts import FONT

STAGE_COLOUR = "#0072B2"
DECREASE_COLOUR = "#D55E00"
INCREASE_COLOUR = "#009E73"
HEIGHT = 400
# A cut of a few millions is invisible on a scale from nil to a billion: the axis starts just
# below the smallest stage (the page says so), leaving room for the largest change twice over.
AXIS_ROOM = 2
LABEL_WIDTH = 22  # characters of a bar's name on one line
TITLE_WIDTH = 46
AXIS_TITLE_WIDTH = 34
MILLION = 1_000_000  # the axis is in millions of dollars; the labels in whole dollars


def waterfall_figure(steps: list[MoneyStep], dollars: Callable[[Decimal], str], percent: Callable[[Decimal], str],
                     separators: str, axis_note: str) -> dict | None:
    """The figure (data and layout); None with fewer than two stages to compare."""
    if sum(step.is_total for step in steps) < 2:
        return None
    texts = []
    for step in steps:
        if step.is_total:
            texts.append(dollars(step.amount))
        else:
            sign = "−" if step.amount < 0 else "+"
            shown = f"{sign}{dollars(abs(step.amount))}"
            texts.append(f"{shown} ({sign}{percent(abs(step.percent))})" if step.percent is not None else shown)
    totals = [step.amount for step in steps if step.is_total]
    largest_change = max((abs(step.amount) for step in steps if not step.is_total), default=Decimal(0))
    room = max(largest_change * AXIS_ROOM, max(totals) / 1000)
    trace = {
        # Lying bars: the stages' names read on the left, in any language, on a phone too.
        "type": "waterfall", "orientation": "h",
        # Each bar's figure in bold beneath its name: inside or beside a short bar it would not fit a phone.
        "y": ["<br>".join([*textwrap.wrap(step.label, LABEL_WIDTH), f"<b>{text}</b>"])
              for step, text in zip(steps, texts, strict=True)],
        "measure": ["absolute" if index == 0 else "total" if step.is_total else "relative"
                    for index, step in enumerate(steps)],
        "x": [float(step.amount) / MILLION if not step.is_total or index == 0 else 0
              for index, step in enumerate(steps)],
        "text": texts, "textposition": "none",
        "hovertext": [f"{step.label}: {text}" for step, text in zip(steps, texts, strict=True)], "hoverinfo": "text",
        "totals": {"marker": {"color": STAGE_COLOUR}},
        "decreasing": {"marker": {"color": DECREASE_COLOUR}},
        "increasing": {"marker": {"color": INCREASE_COLOUR}},
        "connector": {"line": {"color": "#6c757d", "width": 1, "dash": "dot"}},
    }
    # The approved budget's gap from the proposal, above the bars, on lines that fit a phone.
    title = textwrap.wrap("; ".join(step.note for step in steps if step.note), TITLE_WIDTH)
    return {"data": [trace], "layout": {
        "height": HEIGHT + 18 * len(title), "margin": {"l": 10, "r": 16, "t": 30 + 18 * len(title), "b": 50},
        "title": {"text": "<br>".join(title), "x": 0.01, "xanchor": "left", "font": {"size": 13}},
        "font": {"family": FONT, "size": 12, "color": "#212529"}, "separators": separators,
        "showlegend": False,
        "yaxis": {"type": "category", "automargin": True, "autorange": "reversed", "tickfont": {"size": 11}},
        "xaxis": {"range": [float(min(totals) - room) / MILLION, float(max(totals) + room / 4) / MILLION],
                  "gridcolor": "#e4e7ec", "tickformat": ",~r", "automargin": True,
                  "title": {"text": "<br>".join(textwrap.wrap(axis_note, AXIS_TITLE_WIDTH)), "font": {"size": 11}}},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}


# An impact indicator's trend: its values coloured by its status (Okabe–Ito, as the waterfall;
# the status is also written above the chart), the target path dashed, its tolerance band shaded.
BAND_COLOURS = {"on_track": "#009E73", "off_track": "#D55E00", "no_target": "#000000", "no_data": "#000000"}
PATH_COLOUR = "#0072B2"
TOLERANCE_FILL = "rgba(86, 180, 233, 0.25)"  # Okabe–Ito sky blue, light
TREND_HEIGHT = 170


def trend_figure(trend, format_value: Callable[[Decimal], str], format_date: Callable, separators: str,
                 names: dict[str, str]) -> dict | None:
    """One indicator's small chart (data and layout); None without values. ``names``: the legend's
    words in the page's language ("values", "path", "band")."""
    if not trend.values:
        return None
    traces = []
    if trend.path:
        dates = [point.on.isoformat() for point in trend.path]
        traces.append({"type": "scatter", "mode": "lines", "x": dates, "y": [float(point.edge) for point in trend.path],
                       "line": {"width": 0, "color": PATH_COLOUR}, "hoverinfo": "skip", "showlegend": False})
        traces.append({"type": "scatter", "mode": "lines", "name": names["band"], "x": dates,
                       "y": [float(point.path) for point in trend.path], "fill": "tonexty", "fillcolor": TOLERANCE_FILL,
                       "line": {"width": 2, "color": PATH_COLOUR, "dash": "dash"},
                       "text": [f"{format_date(point.on)}: {names['path']} {format_value(point.path)}"
                                for point in trend.path], "hoverinfo": "text"})
    colour = BAND_COLOURS.get(trend.band, "#000000")
    traces.append({"type": "scatter", "mode": "lines+markers", "name": names["values"],
                   "x": [value.on.isoformat() for value in trend.values],
                   "y": [float(value.value) for value in trend.values],
                   "line": {"width": 2.5, "color": colour},
                   "marker": {"size": 7, "color": colour, "symbol": "triangle-up" if trend.band == "off_track"
                              else "circle"},
                   "text": [f"{format_date(value.on)}: {format_value(value.value)}" for value in trend.values],
                   "hoverinfo": "text"})
    return {"data": traces, "layout": {
        "height": TREND_HEIGHT, "margin": {"l": 44, "r": 8, "t": 8, "b": 26},
        "font": {"family": FONT, "size": 11, "color": "#212529"}, "separators": separators,
        "showlegend": False,
        "xaxis": {"type": "date", "showgrid": False, "ticks": "outside", "nticks": 4, "automargin": True},
        "yaxis": {"gridcolor": "#e4e7ec", "tickformat": ",~r", "nticks": 4, "automargin": True,
                  "title": {"text": trend.unit, "font": {"size": 10}}},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}
