"""Grid entry: one budget line's amounts at every stage, or one impact indicator's values for
every region and date, entered on one page and saved in one transaction (all or nothing).
The app-wide CSRFProtect checks the token of every POST."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from cpas.db import get_session
from cpas.entry.fields import FieldError, display_value
from cpas.entry.grid_services import (
    AMOUNT_COLUMNS,
    apply_changes,
    budget_line_changes,
    indicator_changes,
    parse_new_date,
)
from cpas.entry.services import EntryContext, key_options, scoped_select
from cpas.entry.specs import SPECS
from cpas.models import BudgetStage, Provenance
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("grids", __name__, "/grids")


def _context() -> EntryContext:
    return EntryContext(get_session(), g.mission, g.period, current_user)


def _load(spec_name: str, record_id: int, context: EntryContext, *attrs):
    spec = SPECS[spec_name]
    record = context.session.scalar(scoped_select(spec, context).where(spec.model.id == record_id)
                                    .options(*key_options(spec, attrs or None)))
    if record is None:
        abort(404)
    if request.method == "POST" and not context.may_write(spec):
        abort(403)
    return spec, record


@blueprint.route("/budget-lines/<int:line_id>", methods=["GET", "POST"])
def budget_line(line_id):
    context = _context()
    line_spec, line = _load("budget-lines", line_id, context, "expenditure_class")
    amount_spec = SPECS["budget-amounts"]
    by_stage = {amount.stage: amount for amount in line.amounts}
    values = {f"{attr}-{stage.value}": display_value(amount_spec.field(attr), getattr(by_stage[stage], attr))
              if stage in by_stage else "" for stage in BudgetStage for attr in AMOUNT_COLUMNS}
    errors = {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in values}
        errors = apply_changes(context, budget_line_changes(line, values), request.form.get("reason", ""))
        if not errors:
            context.session.commit()
            flash(_("Amounts saved."), "success")
            return redirect(url_for("records.show_record", spec_name="budget-lines", record_id=line.id))
    return render_template("grids/budget_line.html", line=line, line_spec=line_spec, amount_spec=amount_spec,
                           stages=list(BudgetStage), values=values, errors=errors,
                           provenances=list(Provenance), may_write=context.may_write(amount_spec))


@blueprint.route("/impact-indicators/<int:indicator_id>", methods=["GET", "POST"])
def indicator(indicator_id):
    context = _context()
    indicator_spec, record = _load("impact-indicators", indicator_id, context)
    point_spec = SPECS["data-points"]
    regions = list(dict.fromkeys(["", *g.mission.region_list, *(point.region for point in record.data_points)]))
    dates = sorted({point.observed_on for point in record.data_points})
    values = {(point.region, point.observed_on): display_value(point_spec.field("value"), point.value)
              for point in record.data_points}
    errors: dict = {}
    new_date_text, source = request.form.get("new_date", "").strip(), request.form.get("source", "").strip()
    if request.method == "POST":
        try:
            new_date = parse_new_date(new_date_text)
        except FieldError as error:
            errors["new_date"], new_date = error.message, None
        if new_date and new_date not in dates:
            dates.append(new_date)
        cells = {name: request.form.get(name, "") for name in request.form if name.startswith("cell-")}
        values = {(region, day): cells.get(f"cell-{row}-{column}", "")
                  for row, region in enumerate(regions) for column, day in enumerate(dates)}
        if not errors:
            errors = apply_changes(context, indicator_changes(record, regions, dates, cells, source))
        if not errors:
            context.session.commit()
            flash(_("Values saved."), "success")
            return redirect(url_for("grids.indicator", indicator_id=record.id))
    return render_template("grids/indicator.html", indicator=record, indicator_spec=indicator_spec,
                           regions=regions, dates=dates, values=values, errors=errors, new_date=new_date_text,
                           source=source, may_write=context.may_write(point_spec), all_regions=_l("All regions"))
