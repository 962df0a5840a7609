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
