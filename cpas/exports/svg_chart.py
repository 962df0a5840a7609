"""A table's ``LineChart`` as an inline SVG for pages: the same rows and series the workbook draws
as a native Excel chart, drawn on the server with no script, so that it prints. Dates lie on a
time axis; a series given only at some dates is drawn as straight lines between them (the
workbook bridges blanks the same way). Labels are formatted by the caller, in the page's language."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from cpas.tables import LineChart, Table

WIDTH, HEIGHT = 420, 170
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 24  # room for the axes' labels
Y_TICKS = 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    value: Decimal


@dataclass(frozen=True)
class SeriesPath:
    key: str
    title: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


@dataclass
class ChartGeometry:
    width: int = WIDTH
    height: int = HEIGHT
    series: list[SeriesPath] = field(default_factory=list)
    y_ticks: list[tuple[float, Decimal]] = field(default_factory=list)  # (y, value)
    x_ticks: list[tuple[float, date]] = field(default_factory=list)  # (x, date)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) giving about Y_TICKS ticks over ``span``."""
    raw = span / Y_TICKS if span > 0 else Decimal(1)
    magnitude = Decimal(10) ** raw.adjusted()
    return next((step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= raw), 10 * magnitude)


def line_chart_geometry(table: Table, chart: LineChart) -> ChartGeometry | None:
    """Where each point of the chart's series lies in an SVG of WIDTH × HEIGHT; None without any
    value to draw."""
    rows = table.rows[chart.first_row:chart.last_row + 1]
    headings = {column.key: column.heading for column in table.columns}
    raw = {key: [(row.get(chart.categories), row.get(key)) for row in rows
                 if row.get(chart.categories) is not None and row.get(key) is not None] for key in chart.series}
    values = [value for pairs in raw.values() for _on, value in pairs]
    dates = [on for pairs in raw.values() for on, _value in pairs]
    if not values:
        return None
    low, high = min(values), max(values)
    if low >= 0:
        low = Decimal(0)  # counts and rates read against zero
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = max((high / step).to_integral_value(rounding="ROUND_CEILING") * step, low + step)
    first, last = min(dates), max(dates)
    days = max((last - first).days, 1)
    geometry = ChartGeometry()
    plot_width, plot_height = geometry.plot_right - LEFT, geometry.plot_bottom - TOP

    def x_of(on: date) -> float:
        return LEFT + plot_width * (on - first).days / days if last != first else LEFT + plot_width / 2

    def y_of(value: Decimal) -> float:
        return geometry.plot_bottom - plot_height * float((value - low) / (high - low))

    for key in chart.series:
        points = [Point(x_of(on), y_of(value), on, value) for on, value in sorted(raw[key])]
        if points:
            geometry.series.append(SeriesPath(key, headings[key], points))
    tick = low
    while tick <= high:
        geometry.y_ticks.append((y_of(tick), tick))
        tick += step
    geometry.x_ticks = [(x_of(first), first)] + ([(x_of(last), last)] if last != first else [])
    return geometry


SERIES_STYLES = ('stroke="#0b5394" stroke-width="2"', 'stroke="#c4320a" stroke-width="2" stroke-dasharray="5 4"')
MARKER_COLOURS = ("#0b5394", "#c4320a")


def line_chart_svg(geometry: ChartGeometry, label: str, format_value: Callable[[Decimal], str],
                   format_date: Callable[[date], str]) -> Markup:
    """The chart as an inline <svg> (the first series solid, the next dashed), its labels
    formatted by the page's formats. Written as one string: a page of a thousand indicators
    draws a thousand charts."""
    width, height = geometry.width, geometry.height
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">']
    for y, value in geometry.y_ticks:
        parts.append(f'<line x1="{geometry.plot_left}" x2="{geometry.plot_right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e4e7ec" stroke-width="1"/><text x="{geometry.plot_left - 4}" y="{y + 3:.1f}" '
                     f'text-anchor="end" font-size="9" fill="#667085">{escape(format_value(value))}</text>')
    for position, (x, on) in enumerate(geometry.x_ticks):
        anchor = "start" if position == 0 else "end"
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="9" '
                     f'fill="#667085">{escape(format_date(on))}</text>')
    for position, series in enumerate(geometry.series):
        style, colour = SERIES_STYLES[min(position, 1)], MARKER_COLOURS[min(position, 1)]
        parts.append(f'<polyline points="{series.path}" fill="none" {style}/>')
        radius = 3.2 if position == 0 else 2.5
        parts.extend(f'<circle cx="{point.x:.1f}" cy="{point.y:.1f}" r="{radius}" fill="{colour}"/>'
                     for point in series.points)
    parts.append("</svg>")
    # Safe: the markup is ours, its numbers are floats we formatted and every text is escaped above.
    return Markup("".join(parts))  # noqa: S704
