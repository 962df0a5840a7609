"""A table's ``LineChart`` as a plotly figure for pages: the same rows and series the workbook
draws as a native Excel chart, drawn in the browser by plotly.js (``cpas.charts`` serves it). Dates
lie on a time axis; a series given only at some dates is drawn as straight lines between them,
as the workbook bridges blanks. Built as plain data, not plotly's graph objects: a page of many
indicators builds many figures, and plotly.js checks them itself."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from cpas.tables import LineChart, Table

HEIGHT = 190
# The first series solid, the next (a target path) dashed; colours readable in print.
SERIES_STYLES = ({"color": "#0b5394", "width": 2}, {"color": "#c4320a", "width": 2, "dash": "dash"})
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def line_chart_figure(table: Table, chart: LineChart, format_value: Callable[[Decimal], str],
                      format_date: Callable[[date], str], separators: str) -> dict | None:
    """The chart's figure (data and layout), its hover labels formatted in the page's language;
    None without any value to draw."""
    rows = table.rows[chart.first_row:chart.last_row + 1]
    headings = {column.key: column.heading for column in table.columns}
    traces = []
    for position, key in enumerate(chart.series):
        points = sorted((row.get(chart.categories), row.get(key)) for row in rows
                        if row.get(chart.categories) is not None and row.get(key) is not None)
        if not points:
            continue
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": str(headings[key]),
            "x": [on.isoformat() for on, _value in points], "y": [str(value) for _on, value in points],
            "line": SERIES_STYLES[min(position, 1)], "marker": {"size": 6 if position == 0 else 4},
            "text": [f"{format_date(on)}: {format_value(value)}" for on, value in points],
            "hoverinfo": "text+name",
        })
    if not traces:
        return None
    return {"data": traces, "layout": {
        "height": HEIGHT, "margin": {"l": 48, "r": 10, "t": 10, "b": 30},
        "font": {"family": FONT, "size": 11, "color": "#212529"}, "separators": separators,
        "showlegend": True, "legend": {"orientation": "h", "x": 0, "y": -0.25},
        "xaxis": {"type": "date", "showgrid": False, "ticks": "outside"},
        "yaxis": {"rangemode": "tozero", "gridcolor": "#e4e7ec", "tickformat": ",~r",
                  "title": {"text": chart.axis_title}},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}
