"""The RBB framework report: indicators of achievement, outputs, external factors and the human
resources table, for the budget report (actual / estimate / target) or the performance report
(planned / actual)."""

from decimal import Decimal

from cpas.models import BudgetPeriod, Component, IndicatorValueKind, PostGrade, ReportKind
from cpas.reports.translator import Translator
from cpas.tables import CellKind, Column, Row, RowKind, Table


def _value(indicator, period: BudgetPeriod | None, kind: IndicatorValueKind) -> Decimal | None:
    if period is None:
        return None
    return next((v.value for v in indicator.values if v.period_id == period.id and v.kind is kind), None)


def _component_heading(component: Component, translator: Translator) -> Row:
    return Row({"accomplishment": translator.gettext("Component %(number)s: %(name)s", number=component.number,
                                                     name=component.name)}, RowKind.HEADING)


def build_indicator_table(*, components: list[Component], period: BudgetPeriod, previous: list[BudgetPeriod],
                          kind: ReportKind, translator: Translator) -> Table:
    """Expected accomplishments and their indicators, with the figures of the report's form;
    ``previous`` are the periods before ``period``, nearest first."""
    _ = translator.gettext
    before = previous[0] if previous else None
    two_before = previous[1] if len(previous) > 1 else None
    if kind is ReportKind.BUDGET:
        figures = [("actual", two_before, IndicatorValueKind.ACTUAL, _("Actual")),
                   ("estimate", before, IndicatorValueKind.ESTIMATE, _("Estimate")),
                   ("target", period, IndicatorValueKind.TARGET, _("Target"))]
    else:
        figures = [("planned", period, IndicatorValueKind.TARGET, _("Planned")),
                   ("actual", period, IndicatorValueKind.ACTUAL, _("Actual"))]
    columns = [Column("accomplishment", _("Expected accomplishment"), width=45),
               Column("indicator", _("Indicator of achievement"), width=60),
               Column("unit", _("Unit"), width=14)]
    columns += [Column(key, f"{title} ({figure_period.label if figure_period else '—'})", CellKind.QUANTITY)
                for key, figure_period, _kind, title in figures]
    table = Table(_("Expected accomplishments and indicators of achievement"), columns, sheet_name="Indicators")
    for component in components:
        table.rows.append(_component_heading(component, translator))
        for accomplishment in component.expected_accomplishments:
            title = f"{accomplishment.number} {accomplishment.text}"
            if not accomplishment.indicators:
                table.rows.append(Row({"accomplishment": title, "indicator": _("No indicator yet.")}))
            for position, indicator in enumerate(accomplishment.indicators):
                cells = {"accomplishment": title if position == 0 else "",
                         "indicator": f"{indicator.number} {indicator.text}", "unit": indicator.unit}
                cells.update({key: _value(indicator, figure_period, value_kind)
                              for key, figure_period, value_kind, _title in figures})
                table.rows.append(Row(cells))
    return table


def build_output_table(*, components: list[Component], translator: Translator) -> Table:
    """Outputs by component and expected accomplishment: planned, completed, remarks."""
    _ = translator.gettext
    table = Table(_("Outputs"), [
        Column("accomplishment", _("Expected accomplishment"), width=12),
        Column("output", _("Output"), width=70),
        Column("planned", _("Planned"), CellKind.QUANTITY),
        Column("completed", _("Completed"), CellKind.QUANTITY),
        Column("remarks", _("Remarks"), width=50),
    ], sheet_name="Outputs")
    for component in components:
        table.rows.append(_component_heading(component, translator))
        for accomplishment in component.expected_accomplishments:
            for output in accomplishment.outputs:
                table.rows.append(Row({"accomplishment": accomplishment.number, "output": output.description,
                                       "planned": output.planned_quantity, "completed": output.completed_quantity,
                                       "remarks": output.remarks}))
    return table


def build_external_factor_table(*, components: list[Component], translator: Translator) -> Table:
    """The external factors each component lists."""
    _ = translator.gettext
    table = Table(_("External factors"), [Column("component", _("Component"), width=45),
                                          Column("factor", _("External factor"), width=90)],
                  sheet_name="External factors")
    for component in components:
        for factor in component.external_factors:
            table.rows.append(Row({"component": f"{component.number}. {component.name}", "factor": factor.text}))
    return table


def build_human_resources_table(*, components: list[Component], translator: Translator) -> Table:
    """Posts by category per component, approved and proposed, with the net change."""
    _ = translator.gettext
    table = Table(_("Human resources"), [
        Column("category", _("Category"), width=42),
        Column("approved", _("Approved posts"), CellKind.INTEGER),
        Column("proposed", _("Proposed posts"), CellKind.INTEGER),
        Column("net_change", _("Net change"), CellKind.INTEGER, formula="{proposed}-{approved}"),
    ], sheet_name="Human resources")
    order = list(PostGrade)
    subtotals = []
    for component in components:
        if not component.posts:
            continue
        table.rows.append(Row({"category": f"{component.number}. {component.name}"}, RowKind.HEADING))
        detail = []
        for post in sorted(component.posts, key=lambda p: order.index(p.grade)):
            detail.append(len(table.rows))
            table.rows.append(Row({"category": translator.label(post.grade), "approved": post.approved_count,
                                   "proposed": post.proposed_count, "net_change": post.net_change}, level=1))
        subtotals.append(_integer_sum_row(table, _("Subtotal"), RowKind.SUBTOTAL, detail))
    if subtotals:
        _integer_sum_row(table, _("Total"), RowKind.TOTAL, subtotals)
    return table


def _integer_sum_row(table: Table, title: str, kind: RowKind, summed: list[int]) -> int:
    cells = {"category": title}
    for key in ("approved", "proposed"):
        cells[key] = sum(table.rows[index].get(key) or 0 for index in summed)
    cells["net_change"] = cells["proposed"] - cells["approved"]
    table.rows.append(Row(cells, kind, sums=summed))
    return len(table.rows) - 1
