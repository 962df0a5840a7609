"""Grid entry: one budget line's amounts at every stage, or one impact indicator's values for
every region and date, entered on one page and saved in one transaction (all or nothing).
The app-wide CSRFProtect checks the token of every POST."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from cpas.audit import ChangeLog
from cpas.db import get_session
from cpas.entry.fields import FieldError, display_value, is_blank, parse_value
from cpas.entry.services import (
    EntryContext,
    ValidationError,
    Workspace,
    create_record,
    delete_record,
    key_options,
    record_key,
    scoped_select,
    update_record,
    write_changes,
)
from cpas.entry.specs import SPECS
from cpas.models import BudgetStage, Provenance
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("grids", __name__, "/grids")
AMOUNT_COLUMNS = ("amount", "source_symbol", "source_date", "provenance", "source_note")


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


def _save(context: EntryContext, operations, errors: dict, reason: str) -> bool:
    """Run every (kind, spec, record, raw, cell) operation; keep all or nothing."""
    workspace, changes = Workspace(context), ChangeLog(context.user_id)
    for kind, spec, record, raw, cell in operations:
        try:
            if kind == "create":
                create_record(spec, raw, workspace, changes)
            elif kind == "update":
                update_record(spec, record, raw, workspace, changes, reason=reason)
            else:
                delete_record(spec, record, workspace, changes, reason=reason)
        except ValidationError as error:
            for attr, message in error.errors.items():
                errors[cell if attr not in ("reason", "__all__") else attr] = message
    if errors:
        context.session.rollback()
        return False
    write_changes(context.session, changes)
    context.session.commit()
    return True


@blueprint.route("/budget-lines/<int:line_id>", methods=["GET", "POST"])
def budget_line(line_id):
    context = _context()
    line_spec, line = _load("budget-lines", line_id, context, "expenditure_class")
    amount_spec = SPECS["budget-amounts"]
    by_stage = {amount.stage: amount for amount in line.amounts}
    values, errors = {}, {}
    for stage in BudgetStage:
        amount = by_stage.get(stage)
        for attr in AMOUNT_COLUMNS:
            values[f"{attr}-{stage.value}"] = display_value(amount_spec.field(attr), getattr(amount, attr)) \
                if amount else ""
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in values}
        line_key = record_key(line_spec, line)
        operations = []
        for stage in BudgetStage:
            raw = {attr: values[f"{attr}-{stage.value}"] for attr in AMOUNT_COLUMNS}
            raw.update(line=line_key, stage=stage.value)
            raw["provenance"] = raw["provenance"] or Provenance.VERIFIED.value
            existing = by_stage.get(stage)
            cell = f"amount-{stage.value}"
            if is_blank(raw["amount"]):
                if existing is not None:
                    operations.append(("delete", amount_spec, existing, raw, cell))
            else:
                operations.append(("update" if existing else "create", amount_spec, existing, raw, cell))
        if _save(context, operations, errors, request.form.get("reason", "")):
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
    points = {(point.region, point.observed_on): point for point in record.data_points}
    regions = list(dict.fromkeys(["", *g.mission.region_list, *(region for region, _ in points)]))
    dates = sorted({day for _, day in points})
    values = {(region, day): display_value(point_spec.field("value"), point.value)
              for (region, day), point in points.items()}
    errors: dict = {}
    new_date_text, source = "", ""
    if request.method == "POST":
        new_date_text, source = request.form.get("new_date", "").strip(), request.form.get("source", "").strip()
        columns = list(dates)
        new_date = None
        if new_date_text:
            try:
                new_date = parse_value(point_spec.field("observed_on"), new_date_text)
            except FieldError as error:
                errors["new_date"] = error.message
            else:
                if new_date not in columns:
                    columns.append(new_date)
        operations = []
        for row, region in enumerate(regions):
            for column, day in enumerate(dates + ([new_date] if new_date and new_date not in dates else [])):
                name = f"cell-{row}-{column}"
                text = request.form.get(name, "")
                values[(region, day)] = text
                existing = points.get((region, day))
                raw = {"indicator": record_key(indicator_spec, record), "observed_on": day.isoformat(),
                       "region": region, "value": text}
                if existing is None:
                    raw.update(source=source, provenance=Provenance.VERIFIED.value)
                if is_blank(text):
                    if existing is not None:
                        operations.append(("delete", point_spec, existing, raw, name))
                else:
                    operations.append(("update" if existing else "create", point_spec, existing, raw, name))
        if not errors and _save(context, operations, errors, ""):
            flash(_("Values saved."), "success")
            return redirect(url_for("grids.indicator", indicator_id=record.id))
        if new_date and new_date not in dates:
            dates.append(new_date)
    return render_template("grids/indicator.html", indicator=record, indicator_spec=indicator_spec,
                           regions=regions, dates=dates, values=values, errors=errors, new_date=new_date_text,
                           source=source, may_write=context.may_write(point_spec),
                           all_regions=_l("All regions"), today=date.today())
