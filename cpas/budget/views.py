"""The budget pages of data entry: a budget line's amounts at every stage, entered on one page and
saved all or nothing; and the administrators' page of the classes of expenditure, where a class is
added from a given period. (The budget as UN documents print it is a report: cpas/reports.)"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cpas.auth.permissions import roles_required
from cpas.budget.forms import NewClassForm
from cpas.budget.services import (
    AMOUNT_COLUMNS,
    ClassError,
    add_expenditure_class,
    amount_values,
    budget_line_changes,
    merge_after_conflict,
    shown_amounts,
)
from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.db import discard_changes, get_session
from cpas.entry.errors import ValidationError
from cpas.entry.grid import (
    SHOWN_INPUT,
    GridConflictError,
    apply_changes,
    outdated_page_error,
    read_shown_cells,
    shown_cells_json,
)
from cpas.entry.views import entry_context, load_record
from cpas.models import BudgetPeriod, BudgetStage, ExpenditureClass, ExpenditureGroup, Provenance, Role
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("budget_grid", __name__, "/grids/budget-lines")


@blueprint.route("/<int:line_id>", methods=["GET", "POST"])
def amounts(line_id):
    context = entry_context()
    line = load_record(BUDGET_LINES, context, line_id, "expenditure_class")
    may_write, may_change = context.may_write(BUDGET_AMOUNTS), context.may_change(BUDGET_AMOUNTS)
    values, errors, conflicts = amount_values(line, context.locale), {}, []
    shown = shown_amounts(line, values)
    if request.method == "POST":
        if not may_change:  # a reader's role, or a closed period: nothing to save
            abort(403)
        typed = {name: request.form.get(name, "") for name in values}
        values = typed
        sent = read_shown_cells(request.form.get(SHOWN_INPUT))
        try:
            if sent is None:
                raise outdated_page_error()
            apply_changes(context, budget_line_changes(line, typed, sent), request.form.get("reason", ""))
        except GridConflictError as error:
            discard_changes()
            conflicts = error.conflicts
            line = load_record(BUDGET_LINES, context, line_id, "expenditure_class")  # as saved now
            saved = amount_values(line, context.locale)
            edited = {name for name, cell in sent.items() if cell.edited(typed)}
            values, shown = merge_after_conflict(typed, saved, edited), shown_amounts(line, saved)
        except ValidationError as error:
            discard_changes()
            errors = error.errors
            shown = sent or shown  # what the page showed still holds: the cells left alone stay left alone
        else:
            flash(_("Amounts saved."), "success")
            return redirect(url_for("records.show_record", spec_name=BUDGET_LINES.name, record_id=line.id))
    return render_template("budget/amounts_grid.html", line=line, line_spec=BUDGET_LINES, amount_spec=BUDGET_AMOUNTS,
                           columns=AMOUNT_COLUMNS, stages=list(BudgetStage), values=values, errors=errors,
                           provenances=list(Provenance), may_write=may_write, may_change=may_change,
                           period_lock=context.period_lock,
                           shown_json=shown_cells_json(shown), conflicts=conflicts)


# Classes of expenditure: administrators add one from a given period -------------------------------

classes_blueprint = Blueprint("expenditure_classes", __name__, url_prefix="/admin/classes")


def _class_page(form: NewClassForm, groups: list[ExpenditureGroup], periods: list[BudgetPeriod], status: int = 200):
    return render_template("budget/classes.html", form=form, groups=groups,
                           periods_by_start={period.starts_on: period.label for period in periods},
                           periods_by_end={period.ends_on: period.label for period in periods}), status


@classes_blueprint.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def classes():
    """The classes of expenditure with the periods they are used in, and the form to add one."""
    db = get_session()
    groups = list(db.scalars(select(ExpenditureGroup).order_by(ExpenditureGroup.position).options(
        selectinload(ExpenditureGroup.classes).selectinload(ExpenditureClass.successors))))
    periods = list(db.scalars(select(BudgetPeriod).order_by(BudgetPeriod.starts_on)))
    form = NewClassForm()
    form.set_choices(groups, periods)
    if not form.validate_on_submit():
        return _class_page(form, groups, periods, 400 if request.method == "POST" else 200)
    by_id = {str(each.id): each for group in groups for each in group.classes}
    period = next(period for period in periods if str(period.id) == form.valid_from.data)
    try:
        added = add_expenditure_class(
            db, group=next(group for group in groups if str(group.id) == form.group.data),
            name=form.name.data, code=form.code.data or "", valid_from=period,
            predecessor=by_id.get(form.predecessor.data), acting_user_id=current_user.id)
    except ClassError as error:
        discard_changes()
        (getattr(form, error.field).errors if error.field else form.form_errors).append(error.message)
        return _class_page(form, groups, periods, 400)
    flash(_("Class of expenditure %(name)s added, used from %(period)s.", name=added.name, period=period.label),
          "success")
    return redirect(url_for(".classes"))
