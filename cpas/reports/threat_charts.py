"""The threat calendar's charts as plotly figures: the month-by-month heat map with the activities
and operations laid over it, and the seasonal heat map. Built from the calendar's grid, in the
reader's language and number format; no Flask (``cpas.charts`` serves plotly.js and embeds them).
Plain data and layout, as plotly.js reads them, rather than plotly's graph objects: plotly.js checks
them in the browser, and building and validating graph objects cost more than the rest of the page.

Axes show years and the months' names we translate ourselves: the plotly.js bundle speaks only
English, so no date of its own formatting reaches a French page.
"""

from cpas.reports.threat_calendar import EVENTS, CalendarGrid, ThreatCalendar, month_label, month_names, year_and_month
from cpas.reports.translator import Translator

# Sequential, light (nil) to dark red; readable in print and for the common colour-vision deficiencies.
COLOURS = "OrRd"
OPERATION_COLOUR, ACTIVITY_COLOUR, UNCOVERED_COLOUR = "#0b5394", "#495057", "#111111"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
ROW_HEIGHT, MARGIN_HEIGHT = 34, 110


def _day_of_month(index: int, day: int) -> str:
    year, month = year_and_month(index)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _mid_month(index: int) -> str:
    """Where a month's cell is centred, so that it spans the month and a year's cells its year."""
    return _day_of_month(index, 15)


def _measure_words(measure: str, translator: Translator) -> tuple[str, str, str]:
    """What a value counts, the calendar's colour bar title and the seasonal one's (on two lines)."""
    _ = translator.gettext
    if measure == EVENTS:
        return _("Incidents"), _("Incidents<br>per month"), _("Mean incidents<br>per month")
    return _("Fatalities"), _("Fatalities<br>per month"), _("Mean fatalities<br>per month")


def _layout(grid: CalendarGrid, separators: str, **extra) -> dict:
    return {
        "height": MARGIN_HEIGHT + ROW_HEIGHT * max(len(grid.regions), 1),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40},
        "font": {"family": FONT, "size": 13, "color": "#212529"},
        "separators": separators,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "yaxis": {"autorange": "reversed", "type": "category", "automargin": True, "ticksuffix": "  "},
        "hoverlabel": {"bgcolor": "#ffffff", "font": {"family": FONT}},
        # No plotly theme (plotly.js has none of its own): the few styles are ours.
        **extra,
    }


def _markers(grid: CalendarGrid, places: list[tuple[str, int]], texts: list[str], name: str,
             marker: dict) -> dict:
    labels = dict(zip(grid.regions, grid.region_labels, strict=True))
    return {"type": "scatter", "x": [_mid_month(month) for _, month in places],
            "y": [labels[region] for region, _ in places], "mode": "markers", "name": name, "marker": marker,
            "hovertext": texts, "hoverinfo": "text", "cliponaxis": False}


def calendar_figure(calendar: ThreatCalendar, measure: str, translator: Translator, separators: str) -> dict:
    """Regions by month over the years, coloured by incidents or fatalities, with a marker where a
    named operation runs, another where another activity runs, and a cross on each high-risk month
    without an operation."""
    _ = translator.gettext
    grid, names = calendar.grid, month_names(translator)
    counted, colour_title, _seasonal_title = _measure_words(measure, translator)
    operation_word, high_risk_word = _("Operation"), _("High-risk month")
    details = []
    for region in grid.regions:
        row = []
        for month in grid.months:
            lines = [month_label(month, names)]
            if grid.is_high_risk(region, month):
                lines.append(high_risk_word)
            lines += [f"{operation_word}: {name}" for name in dict.fromkeys(grid.operations.get((region, month), []))]
            row.append("<br>".join(lines))
        details.append(row)
    heat = {
        "type": "heatmap", "x": [_mid_month(month) for month in grid.months], "y": grid.region_labels,
        "z": grid.values[measure].to_numpy().tolist(), "customdata": details, "colorscale": COLOURS, "zmin": 0,
        "xgap": 1 if len(grid.months) <= 120 else 0, "ygap": 3,
        "colorbar": {"title": {"text": colour_title, "side": "top"}, "thickness": 14, "outlinewidth": 0,
                     "tickformat": ",d"},
        "hovertemplate": f"<b>%{{y}}</b> · %{{customdata}}<br>{counted}: %{{z:,d}}<extra></extra>",
        "name": counted, "showlegend": False,
    }
    operations = sorted(grid.operations, key=lambda place: (grid.regions.index(place[0]), place[1]))
    others = sorted((place for place in grid.other_activities if place not in grid.operations),
                    key=lambda place: (grid.regions.index(place[0]), place[1]))
    labels = dict(zip(grid.regions, grid.region_labels, strict=True))

    def describe(place, names_there):
        region, month = place
        return f"<b>{labels[region]}</b> · {month_label(month, names)}<br>" + "<br>".join(dict.fromkeys(names_there))

    traces = [
        heat,
        _markers(grid, operations, [describe(place, grid.operations[place]) for place in operations],
                 _("Named operation running"),
                 {"symbol": "diamond", "size": 9, "color": OPERATION_COLOUR, "line": {"color": "#ffffff", "width": 1}}),
        _markers(grid, others, [describe(place, grid.other_activities[place]) for place in others],
                 _("Other activity running"),
                 {"symbol": "circle", "size": 5, "color": ACTIVITY_COLOUR, "line": {"color": "#ffffff", "width": 1}}),
        _markers(grid, grid.uncovered, [describe(place, [_("High-risk month without an operation")])
                                        for place in grid.uncovered],
                 _("High-risk month without an operation"),
                 {"symbol": "x-thin", "size": 9, "color": UNCOVERED_COLOUR,
                  "line": {"color": UNCOVERED_COLOUR, "width": 2.5}}),
    ]
    return {"data": traces, "layout": _layout(
        grid, separators,
        xaxis={"type": "date", "dtick": "M12", "tickformat": "%Y", "ticklabelmode": "period", "showgrid": False,
               "ticks": "outside", "range": [_day_of_month(grid.months[0], 1), _day_of_month(grid.months[-1] + 1, 1)]},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "xanchor": "left"},
    )}


def seasonal_figure(calendar: ThreatCalendar, measure: str, translator: Translator, separators: str) -> dict:
    """Regions by month of the year, coloured by the mean over the years, each cell labelled."""
    _ = translator.gettext
    grid = calendar.grid
    _counted, _calendar_title, colour_title = _measure_words(measure, translator)
    means = grid.seasonal[measure]
    mean_word = _("Mean over the years")
    heat = {
        "type": "heatmap", "x": month_names(translator), "y": grid.region_labels,
        "z": [[None if value != value else round(float(value), 1) for value in row] for row in means.to_numpy()],
        "colorscale": COLOURS, "zmin": 0, "xgap": 2, "ygap": 3, "texttemplate": "%{z:,.1f}", "textfont": {"size": 12},
        "colorbar": {"title": {"text": colour_title, "side": "top"}, "thickness": 14, "outlinewidth": 0},
        "hovertemplate": f"<b>%{{y}}</b> · %{{x}}<br>{mean_word}: %{{z:,.1f}}<extra></extra>",
    }
    return {"data": [heat], "layout": _layout(grid, separators,
                                               xaxis={"type": "category", "side": "top", "showgrid": False})}


def months_ahead_figure(ahead, translator: Translator, separators: str, format_average) -> dict | None:
    """The months ahead (``threat_calendar.MonthsAhead``): regions by month, coloured and labelled
    by the mean incidents of past years in the same month; a diamond at the left of a cell where a
    named operation is planned, a square drawn round a high-risk month without one. The months lie
    at 0, 1, 2 … (named by the axis's ticks), so that a marker can stand beside a cell's figure
    rather than over it. Plain data (plotly.js checks it); None without incident data."""
    if not ahead.has_incidents or not ahead.regions:
        return None
    _ = translator.gettext
    positions = list(range(len(ahead.months)))
    cells = [[ahead.cells[(region, month)] for month in ahead.months] for region in ahead.regions]

    def hover(cell) -> str:
        lines = [f"<b>{cell.region_label}</b> · {cell.month_label}",
                 f"{_('Mean incidents')}: {format_average(cell.events)}"]
        if cell.high_risk:
            lines.append(_("High-risk month"))
        lines += [f"{_('Operation')}: {name}" for name in cell.operations]
        lines += [f"· {name}" for name in cell.other_activities[:3]]
        return "<br>".join(lines)

    heat = {"type": "heatmap", "x": positions, "y": ahead.region_labels, "colorscale": COLOURS, "zmin": 0,
            "z": [[float(cell.events) if cell.events is not None else None for cell in row] for row in cells],
            "text": [[hover(cell) for cell in row] for row in cells], "hoverinfo": "text",
            "texttemplate": "%{z:,.1f}", "textfont": {"size": 11}, "xgap": 2, "ygap": 3, "showscale": False}
    column = {month: position for position, month in enumerate(ahead.months)}

    def markers(chosen, name, marker, offset=0.0):
        return {"type": "scatter", "mode": "markers", "name": name,
                "x": [column[cell.month] + offset for cell in chosen], "y": [cell.region_label for cell in chosen],
                "customdata": [cell.month_label for cell in chosen], "marker": marker, "hoverinfo": "skip",
                "cliponaxis": False}

    every = [cell for row in cells for cell in row]
    traces = [heat,
              markers([cell for cell in every if cell.operations], _("Named operation planned"),
                      {"symbol": "diamond", "size": 8, "color": OPERATION_COLOUR,
                       "line": {"color": "#ffffff", "width": 1}}, offset=-0.34),
              # Its legend's entry only: the cells are outlined by the layout's shapes.
              {"type": "scatter", "mode": "markers", "name": _("High-risk month without an operation"),
               "x": [None], "y": [None], "hoverinfo": "skip",
               "marker": {"symbol": "square-open", "size": 12, "color": UNCOVERED_COLOUR,
                          "line": {"color": UNCOVERED_COLOUR, "width": 2.5}}}]
    row = {region: position for position, region in enumerate(ahead.regions)}
    # Category axes place shapes by the categories' positions: 0, 1, 2 … in their order.
    outlines = [{"type": "rect", "xref": "x", "yref": "y", "x0": column[cell.month] - 0.46,
                 "x1": column[cell.month] + 0.46, "y0": row[cell.region] - 0.4, "y1": row[cell.region] + 0.4,
                 "line": {"color": UNCOVERED_COLOUR, "width": 2.5}, "fillcolor": "rgba(0, 0, 0, 0)"}
                for cell in every if cell.uncovered]
    return {"data": traces, "layout": {
        "height": 100 + 26 * len(ahead.regions), "margin": {"l": 10, "r": 10, "t": 30, "b": 56},
        "font": {"family": FONT, "size": 11, "color": "#212529"}, "separators": separators,
        "xaxis": {"side": "top", "showgrid": False, "zeroline": False, "tickvals": positions,
                  "ticktext": ahead.month_labels, "automargin": True, "range": [-0.5, len(positions) - 0.5],
                  "tickfont": {"size": 10}},
        "yaxis": {"autorange": "reversed", "type": "category", "automargin": True, "ticksuffix": " "},
        "legend": {"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "xanchor": "left",
                   "font": {"size": 10}},
        "shapes": outlines, "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "template": "none",
    }}
