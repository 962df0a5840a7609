"""The budget pages of data entry: a budget line's amounts at every stage, entered on one page and
saved all or nothing. (The budget as UN documents print it is a report: cpas/reports.)"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cpas.budget.services import AMOUNT_COLUMNS, amount_values, budget_line_changes
from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.db import discard_changes
from cpas.entry.errors import ValidationError
from cpas.entry.grid import apply_changes
from cpas.entry.views import entry_context, load_record
from cpas.models import BudgetStage, Provenance
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("budget_grid", __name__, "/grids/budget-lines")


@blueprint.route("/<int:line_id>", methods=["GET", "POST"])
def amounts(line_id):
    context = entry_context()
    line = load_record(BUDGET_LINES, context, line_id, "expenditure_class")
    may_write = context.may_write(BUDGET_AMOUNTS)
    values, errors = amount_values(line, context.locale), {}
    if request.method == "POST":
        if not may_write:
            abort(403)
        values = {name: request.form.get(name, "") for name in values}
        try:
            apply_changes(context, budget_line_changes(line, values), request.form.get("reason", ""))
        except ValidationError as error:
            discard_changes()
            errors = error.errors
        else:
            flash(_("Amounts saved."), "success")
            return redirect(url_for("records.show_record", spec_name=BUDGET_LINES.name, record_id=line.id))
    return render_template("budget/amounts_grid.html", line=line, line_spec=BUDGET_LINES, amount_spec=BUDGET_AMOUNTS,
                           columns=AMOUNT_COLUMNS, stages=list(BudgetStage), values=values, errors=errors,
                           provenances=list(Provenance), may_write=may_write)
