"""Report pages for budget reviewers and their Excel workbooks."""

from decimal import Decimal
from io import BytesIO

from flask import abort, g, render_template, request, send_file

from cpas.db import get_session
from cpas.exports.report_workbook import build_report_workbook
from cpas.exports.xlsx import XLSX_MIME_TYPE
from cpas.models import ReportKind
from cpas.money import THOUSAND
from cpas.reports.assembly import coverage_report, financial_report, framework_report, report_bundle, variance_report
from cpas.reports.queries import budget_sources
from cpas.scope import scoped_blueprint

# Reports live under .../reports/, but for financial resources: it is the mission's budget page, .../budget/.
blueprint = scoped_blueprint("reports", __name__)
WORKBOOK_KINDS = {"rbb": ReportKind.BUDGET, "performance": ReportKind.PERFORMANCE}


def _kind() -> ReportKind:
    return ReportKind.PERFORMANCE if request.args.get("kind") == "performance" else ReportKind.BUDGET


@blueprint.route("/budget/")
def financial():
    """Financial resources: the budget by class of expenditure and stage, with the headline."""
    db = get_session()
    in_dollars = request.args.get("unit") == "dollars"
    report = financial_report(db, g.mission, g.period, money_unit=Decimal(1) if in_dollars else THOUSAND)
    return render_template("reports/financial.html", report=report, table=report.table, headline=report.headline,
                           in_thousands=not in_dollars, sources=budget_sources(db, g.mission.id, g.period.id))


@blueprint.route("/reports/variances")
def variances():
    db, kind = get_session(), _kind()
    analysis = variance_report(db, g.mission, g.period, kind, financial_report(db, g.mission, g.period))
    return render_template("reports/variances.html", analysis=analysis, kind=kind)


@blueprint.route("/reports/rbb")
def framework():
    kind = _kind()
    return render_template("reports/framework.html", report=framework_report(get_session(), g.mission, g.period, kind),
                           kind=kind)


@blueprint.route("/reports/coverage")
def coverage():
    return render_template("reports/coverage.html", table=coverage_report(get_session(), g.mission, g.period))


@blueprint.route("/reports/<name>.xlsx")
def workbook(name):
    if name not in WORKBOOK_KINDS:
        abort(404)
    unit = Decimal(1) if request.args.get("unit") == "dollars" else THOUSAND
    bundle = report_bundle(get_session(), g.mission, g.period, WORKBOOK_KINDS[name], unit)
    return send_file(BytesIO(build_report_workbook(bundle)), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=f"{g.mission.code}-{g.period.slug}-{name}.xlsx")
