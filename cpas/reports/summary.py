"""The summary that opens a report workbook, for leadership: the mission and the budget headline,
the budget by stage (linked to the gross requirements of the financial table), a chart of it,
and how many variances still lack an explanation."""

from cpas.models import BudgetPeriod, Mission, ReportKind
from cpas.reports.financial import STAGE_COLUMNS, gross_requirements_index
from cpas.reports.translator import Translator
from cpas.reports.variances import VarianceAnalysis
from cpas.tables import CellKind, CellLink, Column, ColumnChart, Row, Table


def build_report_summary(*, kind: ReportKind, mission: Mission, period: BudgetPeriod, financial: Table,
                         headline_sentences: list[str], variances: VarianceAnalysis,
                         translator: Translator) -> Table:
    """One row per budget stage whose amount is a link to the financial table's gross
    requirements, in that table's money unit; printed on one page with a column chart."""
    _ = translator.gettext
    report_title = _("Budget report") if kind is ReportKind.BUDGET else _("Performance report")
    gross = gross_requirements_index(financial)
    return Table(
        title=f"{mission.code} · {report_title} · {period.label}",
        introduction=[mission.name, *headline_sentences],
        columns=[Column("stage", _("Stage"), width=34), Column("amount", _("Amount"), CellKind.MONEY, width=22)],
        rows=[Row({"stage": translator.label(stage),
                   "amount": CellLink(table=financial, row_index=gross, column_key=key)})
              for stage, key in STAGE_COLUMNS.items()],
        money_unit=financial.money_unit,
        caption=financial.caption,
        chart=ColumnChart(title=_("Budget by stage"), categories="stage", values="amount",
                          axis_title=financial.caption),
        notes=[_("Analysis of variances: %(flagged)d classes flagged, %(missing)d without an explanation.",
                 flagged=variances.flagged, missing=len(variances.unexplained)),
               *([variances.completeness] if variances.completeness else [])],
        sheet_name="Summary",
        fits_on_one_page=True,
    )
