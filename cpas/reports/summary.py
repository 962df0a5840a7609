"""The summary that opens a report workbook, for leadership: the mission and the budget headline,
the budget by stage (linked to the gross requirements of the financial table), a chart of it,
every figure the headline's sentences state (the gaps between stages, the change from the
previous period, the unencumbered balance and the utilization rate) as a live formula on the
financial table's cells, and how many variances still lack an explanation."""

from cpas.models import BudgetPeriod, Mission, ReportKind
from cpas.reports.financial import (
    STAGE_COLUMNS,
    BudgetHeadline,
    HeadlineStage,
    gross_requirements_index,
)
from cpas.reports.translator import Translator
from cpas.reports.variances import VarianceAnalysis
from cpas.tables import CellFormula, CellKind, CellLink, Column, ColumnChart, Row, RowKind, Table

# A difference of two figures, blank unless both are recorded (an empty cell is no nil figure).
DIFFERENCE = 'IF(AND(ISNUMBER({a}),ISNUMBER({b})),{a}-{b},"")'
# ``a`` as a fraction of ``b``, blank unless both are recorded and ``b`` is not nil.
SHARE = 'IF(AND(ISNUMBER({a}),ISNUMBER({b}),N({b})<>0),{a}/{b},"")'
# The difference a − b as a fraction of ``base``.
DIFFERENCE_SHARE = 'IF(AND(ISNUMBER({a}),ISNUMBER({b}),ISNUMBER({base}),N({base})<>0),({a}-{b})/{base},"")'


def _figure_row(stage: str, key: str, amount: CellFormula | CellLink | None = None,
                percent: CellFormula | CellLink | None = None) -> Row:
    """A row of the summary: each figure the page would show, with the live formula (or link)
    the workbook writes in its place."""
    row = Row({"stage": stage, "key": key})
    for column, formula in (("amount", amount), ("percent", percent)):
        if formula is not None:
            row.cells[column], row.formulas[column] = formula.value, formula
    return row


def _gap_rows(financial: Table, headline: BudgetHeadline, translator: Translator) -> list[Row]:
    """The figures of the headline's sentences, each with its formula over the gross requirements."""
    _ = translator.gettext
    gross = gross_requirements_index(financial)

    def cell(key: str) -> CellLink:
        return CellLink(table=financial, row_index=gross, column_key=key)

    def difference(a: str, b: str, value) -> CellFormula:
        return CellFormula(expression=DIFFERENCE, links={"a": cell(a), "b": cell(b)}, value=value)

    def share_of_difference(a: str, b: str, base: str, value) -> CellFormula:
        return CellFormula(expression=DIFFERENCE_SHARE, links={"a": cell(a), "b": cell(b), "base": cell(base)},
                           value=value)

    # The change from the previous period's apportionment, of the total the headline compares.
    compared = "proposed" if headline.stage is HeadlineStage.PROPOSAL else "approved"
    rows = [
        Row({"stage": _("The gaps between stages")}, kind=RowKind.HEADING),
        _figure_row(_("ACABQ adjustment (recommended − proposed)"), "acabq_adjustment",
                    amount=difference("recommended", "proposed", headline.acabq_adjustment),
                    percent=share_of_difference("recommended", "proposed", "proposed",
                                                headline.acabq_adjustment_percent)),
        _figure_row(_("General Assembly adjustment (approved − recommended)"), "assembly_adjustment",
                    amount=difference("approved", "recommended", headline.assembly_adjustment),
                    percent=share_of_difference("approved", "recommended", "recommended",
                                                headline.assembly_adjustment_percent)),
        _figure_row(_("Approved below the proposal (proposed − approved)"), "below_proposal",
                    amount=difference("proposed", "approved", headline.below_proposal),
                    percent=share_of_difference("proposed", "approved", "proposed", headline.below_proposal_percent)),
        _figure_row(_("Approved below the ACABQ recommendation (recommended − approved)"), "below_recommendation",
                    amount=difference("recommended", "approved", headline.below_recommendation)),
        _figure_row(_("Apportionment of the previous period (%(period)s)", period=headline.previous_label or "—"),
                    "previous_approved", amount=cell("previous_approved")),
        _figure_row(_("Change from the previous period's apportionment"), "change_from_previous",
                    amount=difference(compared, "previous_approved", headline.change_from_previous),
                    percent=share_of_difference(compared, "previous_approved", "previous_approved",
                                                headline.change_from_previous_percent)),
        _figure_row(_("Unencumbered balance (apportionment − expenditure)"), "unencumbered_balance",
                    amount=difference("approved", "expenditure", headline.unencumbered_balance)),
        _figure_row(_("Utilization rate (expenditure ÷ apportionment)"), "utilization",
                    percent=CellFormula(expression=SHARE, links={"a": cell("expenditure"), "b": cell("approved")},
                                        value=headline.utilization_percent)),
    ]
    return rows


def build_report_summary(*, kind: ReportKind, mission: Mission, period: BudgetPeriod, financial: Table,
                         headline: BudgetHeadline, headline_sentences: list[str], variances: VarianceAnalysis,
                         translator: Translator) -> Table:
    """One row per budget stage whose amount is a link to the financial table's gross
    requirements, in that table's money unit, charted; then the gaps the headline states, each a
    formula over those cells; printed on one page."""
    _ = translator.gettext
    report_title = _("Budget report") if kind is ReportKind.BUDGET else _("Performance report")
    gross = gross_requirements_index(financial)
    stages = [_figure_row(translator.label(stage), key,
                          amount=CellLink(table=financial, row_index=gross, column_key=key))
              for stage, key in STAGE_COLUMNS.items()]
    return Table(
        title=f"{mission.code} · {report_title} · {period.label}",
        introduction=[mission.name, *headline_sentences],
        columns=[Column("stage", _("Stage"), width=52), Column("amount", _("Amount"), CellKind.MONEY, width=22),
                 Column("percent", _("Per cent"), CellKind.PERCENT, width=12)],
        rows=stages + _gap_rows(financial, headline, translator),
        money_unit=financial.money_unit,
        caption=financial.caption,
        chart=ColumnChart(title=_("Budget by stage"), categories="stage", values="amount",
                          axis_title=financial.caption, rows=len(stages)),
        notes=[_("Analysis of variances: %(flagged)d classes flagged, %(missing)d without an explanation.",
                 flagged=variances.flagged, missing=len(variances.unexplained)),
               *([variances.completeness] if variances.completeness else [])],
        sheet_name="Summary",
        fits_on_one_page=True,
    )
