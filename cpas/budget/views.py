"""Budget lines by class of expenditure and stage, with the headline comparison."""

from decimal import Decimal

from flask import g, render_template, request

from cpas.db import get_session
from cpas.money import THOUSAND
from cpas.reports.budget_summary import build_budget_by_stage_table, build_budget_headline, gross_requirements
from cpas.reports.queries import budget_sources, budget_totals_by_class, expenditure_groups
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("budget", __name__, "/budget")


@blueprint.route("/")
def index():
    db = get_session()
    in_thousands = request.args.get("unit", "dollars") == "thousands"
    table = build_budget_by_stage_table(
        expenditure_groups(db),
        budget_totals_by_class(db, g.mission.id, g.period.id),
        money_unit=THOUSAND if in_thousands else Decimal(1),
    )
    headline = build_budget_headline(gross_requirements(table))
    return render_template(
        "budget/index.html", table=table, headline=headline, in_thousands=in_thousands,
        sources=budget_sources(db, g.mission.id, g.period.id),
    )
