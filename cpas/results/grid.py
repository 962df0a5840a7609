"""An impact indicator's values for every region and date, entered on one page and saved all or
nothing."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cpas.db import discard_changes
from cpas.entry.errors import ValidationError
from cpas.entry.fields import FieldError, display_value, parse_value
from cpas.entry.grid import CellChange, apply_changes, cell_change
from cpas.entry.keys import record_key
from cpas.entry.views import entry_context, load_record
from cpas.models import Provenance
from cpas.results.specs import DATA_POINTS, IMPACT_INDICATORS
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("indicator_grid", __name__, "/grids/impact-indicators")


def parse_new_date(text: str) -> date | None:
    """The date of the grid's extra column, if one was typed (FieldError if it is not a date)."""
    return parse_value(DATA_POINTS.field("observed_on"), text) if text else None


def indicator_changes(indicator, regions: list[str], dates: list[date], cells: dict[str, str],
                      source: str) -> list[CellChange]:
    """One change per cell "cell-<row>-<column>" of the region × date grid; new values take
    ``source``."""
    indicator_key = record_key(IMPACT_INDICATORS, indicator)
    points = {(point.region, point.observed_on): point for point in indicator.data_points}
    changes = []
    for row, region in enumerate(regions):
        for column, day in enumerate(dates):
            name = f"cell-{row}-{column}"
            typed, existing = cells.get(name, ""), points.get((region, day))
            raw = {"indicator": indicator_key, "observed_on": day.isoformat(), "region": region, "value": typed}
            if existing is None:
                raw.update(source=source, provenance=Provenance.VERIFIED.value)
            change = cell_change(DATA_POINTS, existing, raw, typed, name)
            if change:
                changes.append(change)
    return changes


@blueprint.route("/<int:indicator_id>", methods=["GET", "POST"])
def values(indicator_id):
    context = entry_context()
    indicator = load_record(IMPACT_INDICATORS, context, indicator_id)
    may_write = context.may_write(DATA_POINTS)
    regions = list(dict.fromkeys(["", *g.mission.region_list, *(point.region for point in indicator.data_points)]))
    dates = sorted({point.observed_on for point in indicator.data_points})
    shown = {(point.region, point.observed_on): display_value(DATA_POINTS.field("value"), point.value)
             for point in indicator.data_points}
    errors: dict = {}
    new_date_text, source = request.form.get("new_date", "").strip(), request.form.get("source", "").strip()
    if request.method == "POST":
        if not may_write:
            abort(403)
        try:
            new_date = parse_new_date(new_date_text)
        except FieldError as error:
            errors["new_date"], new_date = error.message, None
        if new_date and new_date not in dates:
            dates.append(new_date)
        cells = {name: request.form.get(name, "") for name in request.form if name.startswith("cell-")}
        shown = {(region, day): cells.get(f"cell-{row}-{column}", "")
                 for row, region in enumerate(regions) for column, day in enumerate(dates)}
        if not errors:
            try:
                apply_changes(context, indicator_changes(indicator, regions, dates, cells, source))
            except ValidationError as error:
                discard_changes()
                errors = error.errors
        if not errors:
            flash(_("Values saved."), "success")
            return redirect(url_for(".values", indicator_id=indicator.id))
    return render_template("results/values_grid.html", indicator=indicator, indicator_spec=IMPACT_INDICATORS,
                           regions=regions, dates=dates, values=shown, errors=errors, new_date=new_date_text,
                           source=source, may_write=may_write, all_regions=_l("All regions"))
