"""Financial resources: the budget by class of expenditure and stage, with the headline."""

from decimal import Decimal

from flask import g, render_template, request

from cpas.db import get_session
from cpas.money import THOUSAND
from cpas.reports.assembly import financial_report
from cpas.reports.queries import budget_sources
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("budget", __name__, "/budget")


@blueprint.route("/")
def index():
    db = get_session()
    in_dollars = request.args.get("unit") == "dollars"
    report = financial_report(db, g.mission, g.period, money_unit=Decimal(1) if in_dollars else THOUSAND)
    return render_template("budget/index.html", report=report, table=report.table, headline=report.headline,
                           in_thousands=not in_dollars, sources=budget_sources(db, g.mission.id, g.period.id))
