"""The budget pages of data entry: a budget line's amounts at every stage, entered on one page and
saved all or nothing. (The budget as UN documents print it is a report: cpas/reports.)"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cpas.budget.services import (
    AMOUNT_COLUMNS,
    amount_values,
    budget_line_changes,
    merge_after_conflict,
    shown_amounts,
)
from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.db import discard_changes
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
from cpas.models import BudgetStage, Provenance
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
