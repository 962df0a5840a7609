"""The analysis of variances: which classes must be explained, and the explanations.

UN budget reports explain "variances of at least plus or minus 5 per cent or $100,000": an *or*
test, both thresholds settings (VARIANCE_THRESHOLD_PERCENT, VARIANCE_THRESHOLD_AMOUNT) that the
caller passes in as a ``VarianceRule``."""

from dataclasses import dataclass
from decimal import Decimal

from cpas.models import ReportKind, VarianceExplanation
from cpas.reports.financial import class_rows, stage_completeness
from cpas.reports.translator import Translator
from cpas.reports.units import units_caption
from cpas.tables import CellKind, Column, NewRecordLink, RecordLink, Row, Table

# (variance amount, variance percent, the base the percentage is of) in the financial table
VARIANCE_KEYS = {
    ReportKind.BUDGET: ("budget_variance", "budget_variance_percent", "previous_approved"),
    ReportKind.PERFORMANCE: ("performance_variance", "performance_variance_percent", "approved"),
}


@dataclass(frozen=True, kw_only=True)
class VarianceRule:
    threshold_percent: Decimal = Decimal(5)
    threshold_amount: Decimal = Decimal(100000)

    def needs_explanation(self, amount: Decimal | None, base: Decimal | None) -> bool:
        """At least ±threshold_percent of ``base`` or at least ±threshold_amount, compared
        exactly (4.999 % is below 5 % even though it prints as 5.00 %). A variance from a nil
        base (a class with no apportionment) has no percentage: any amount there is explained."""
        if not amount:
            return False
        if abs(amount) >= self.threshold_amount:
            return True
        if not base:
            return True
        return abs(amount) * 100 >= abs(base) * self.threshold_percent


@dataclass(kw_only=True)
class VarianceAnalysis:
    table: Table
    unexplained: list[str]  # classes flagged without an explanation yet
    flagged: int
    missing_basis: str = ""  # why no variance can be computed, if none can
    # how complete the figure measured is, when it is recorded for some classes only: "Expenditure
    # recorded for 1 of 21 classes: ..."
    completeness: str = ""


def build_variance_analysis(*, financial: Table, explanations: list[VarianceExplanation], kind: ReportKind,
                            rule: VarianceRule, translator: Translator) -> VarianceAnalysis:
    """The classes of the financial resources table whose variance meets the rule, in the UN's
    "Class | Variance | amount | percent" form, each with its cause and explanation beneath."""
    _ = translator.gettext
    amount_key, percent_key, base_key = VARIANCE_KEYS[kind]
    by_class = {e.class_id: e for e in explanations if e.report_kind is kind}
    table = Table(
        title=_("Analysis of variances"), money_unit=financial.money_unit,
        caption=units_caption(financial.money_unit, translator), sheet_name="Analysis of variances",
        columns=[Column("class", _("Class"), width=42),
                 Column("amount", _("Variance: amount"), CellKind.MONEY),
                 Column("percent", _("Variance: percent"), CellKind.PERCENT),
                 Column("cause", _("Cause"), width=18),
                 Column("explanation", _("Explanation"), width=80)],
        notes=[_("Analysis is provided for variances of at least plus or minus %(percent)s per cent or "
                 "$%(amount)s.", percent=f"{rule.threshold_percent:g}", amount=f"{rule.threshold_amount:,.0f}")],
    )
    unexplained = []
    if amount_key not in {column.key for column in financial.columns}:
        missing = (_("No apportionment is recorded for the previous period: the budget report's variances "
                     "cannot be computed.") if kind is ReportKind.BUDGET else
                   _("No expenditure is recorded for this period yet: the performance report's variances "
                     "cannot be computed."))
        return VarianceAnalysis(table=table, unexplained=[], flagged=0, missing_basis=missing)
    measured_key = "proposed" if kind is ReportKind.BUDGET else "expenditure"
    completeness = stage_completeness(financial, measured_key)
    completeness_text = ""
    if completeness.is_partial:
        counts = {"recorded": completeness.recorded, "classes": completeness.classes,
                  "others": completeness.classes - completeness.recorded}
        completeness_text = (
            _("Cost estimates recorded for %(recorded)d of %(classes)d classes: the %(others)d others are not yet "
              "recorded and are not analysed.", **counts) if kind is ReportKind.BUDGET else
            _("Expenditure recorded for %(recorded)d of %(classes)d classes: the %(others)d others are not yet "
              "recorded and are not analysed.", **counts))
        table.notes.append(completeness_text)
    for row in class_rows(financial):
        amount, percent_value = row.get(amount_key), row.get(percent_key)
        if not rule.needs_explanation(amount, row.get(base_key)):
            continue
        explanation = by_class.get(row.get("class_id"))
        flagged = Row(
            {"class": row.get("class"), "amount": amount, "percent": percent_value,
             "cause": translator.label(explanation.cause) if explanation else "",
             "explanation": explanation.text if explanation else "", "class_id": row.get("class_id")},
            links={key: link for key, link in row.links.items() if key == "class"},  # its budget lines
        )
        if explanation is not None:
            flagged.links["explanation"] = RecordLink("variance-explanations", explanation.id)
        elif row.get("class_id") is not None:
            flagged.actions["explanation"] = [NewRecordLink(
                _("Write the explanation"), "variance-explanations",
                (("expenditure_class", RecordLink("expenditure-classes", row.get("class_id"))),
                 ("report_kind", kind.value)))]
        table.rows.append(flagged)
        if explanation is None:
            unexplained.append(row.get("class"))
    return VarianceAnalysis(table=table, unexplained=unexplained, flagged=len(table.rows),
                            completeness=completeness_text)
