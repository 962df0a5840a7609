"""The RBB framework report: indicators of achievement, outputs, external factors and the human
resources table, for the budget report (actual / estimate / target) or the performance report
(planned / actual).

An actual that was not entered for a period may come from CPAS data: the latest value, observed
within that period, of an impact indicator mapped to the indicator of achievement. It is marked
"from CPAS data" where it stands, and an entered actual always takes precedence."""

from decimal import Decimal

from cpas.models import BudgetPeriod, Component, IndicatorValueKind, PostGrade, ReportKind
from cpas.reports.queries import CpasActual
from cpas.reports.translator import Translator
from cpas.tables import CellKind, CellMark, Column, NewRecordLink, RecordLink, Row, RowKind, Table


def _value(indicator, period: BudgetPeriod | None, kind: IndicatorValueKind) -> Decimal | None:
    if period is None:
        return None
    return next((v.value for v in indicator.values if v.period_id == period.id and v.kind is kind), None)


def _component_heading(component: Component, translator: Translator, key: str = "accomplishment") -> Row:
    return Row({key: translator.gettext("Component %(number)s: %(name)s", number=component.number,
                                        name=component.name)}, RowKind.HEADING,
               links={key: RecordLink("components", component.id)})


def _nothing_yet(component: Component, key: str, text: str, translator: Translator) -> Row:
    """The row of a component with no expected accomplishment yet, saying so, with the way to add
    one for who may (rather than a heading with nothing under it)."""
    return Row({key: text}, actions={key: [NewRecordLink(
        translator.gettext("Add an expected accomplishment"), "expected-accomplishments",
        (("component", RecordLink("components", component.id)),))]})


def _cpas_mark(actual: CpasActual, period: BudgetPeriod, translator: Translator) -> CellMark:
    return CellMark(translator.gettext("from CPAS data"), translator.gettext(
        "From CPAS data: no actual was entered for %(period)s; this is the value of impact indicator %(code)s "
        "(%(name)s) observed on %(date)s, the latest within the period.", period=period.label,
        code=actual.impact_indicator_code, name=actual.impact_indicator_name, date=actual.observed_on.isoformat()))


def build_indicator_table(*, components: list[Component], period: BudgetPeriod, previous: list[BudgetPeriod],
                          kind: ReportKind, translator: Translator,
                          cpas_actuals: dict[tuple[int, int], CpasActual] | None = None) -> Table:
    """Expected accomplishments and their indicators, with the figures of the report's form;
    ``previous`` are the periods before ``period``, nearest first. An actual not entered is taken
    from ``cpas_actuals`` ({(indicator id, period id): value}) where it has one, and marked."""
    _ = translator.gettext
    cpas_actuals = cpas_actuals or {}
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
    from_cpas = 0
    for component in components:
        table.rows.append(_component_heading(component, translator))
        if not component.expected_accomplishments:
            table.rows.append(_nothing_yet(component, "accomplishment", _("No expected accomplishment yet."),
                                           translator))
        for accomplishment in component.expected_accomplishments:
            title = f"{accomplishment.number} {accomplishment.text}"
            accomplishment_link = RecordLink("expected-accomplishments", accomplishment.id)
            if not accomplishment.indicators:
                table.rows.append(Row(
                    {"accomplishment": title, "indicator": _("No indicator yet.")},
                    links={"accomplishment": accomplishment_link},
                    actions={"indicator": [NewRecordLink(_("Add an indicator of achievement"),
                                                         "indicators-of-achievement",
                                                         (("expected_accomplishment", accomplishment_link),))]}))
            for position, indicator in enumerate(accomplishment.indicators):
                cells = {"accomplishment": title if position == 0 else "",
                         "indicator": f"{indicator.number} {indicator.text}", "unit": indicator.unit}
                row = Row(cells, links={"accomplishment": accomplishment_link,
                                        "indicator": RecordLink("indicators-of-achievement", indicator.id)})
                for key, figure_period, value_kind, _title in figures:
                    cells[key] = _value(indicator, figure_period, value_kind)
                    actual = cpas_actuals.get((indicator.id, figure_period.id)) if figure_period else None
                    if cells[key] is None and value_kind is IndicatorValueKind.ACTUAL and actual is not None:
                        cells[key] = actual.value
                        row.marks[key] = _cpas_mark(actual, figure_period, translator)
                        from_cpas += 1
                table.rows.append(row)
    if from_cpas:
        table.notes.append(_("from CPAS data: no actual was entered for the period; the figure is the latest value "
                             "for the whole mission area, observed within the period, of the CPAS impact indicator "
                             "mapped to the indicator of achievement. An entered actual takes precedence."))
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
        if not component.expected_accomplishments:
            table.rows.append(_nothing_yet(component, "output", _("No expected accomplishment yet."), translator))
        for accomplishment in component.expected_accomplishments:
            accomplishment_link = RecordLink("expected-accomplishments", accomplishment.id)
            for output in accomplishment.outputs:
                table.rows.append(Row({"accomplishment": accomplishment.number, "output": output.description,
                                       "planned": output.planned_quantity, "completed": output.completed_quantity,
                                       "remarks": output.remarks},
                                      links={"accomplishment": accomplishment_link,
                                             "output": RecordLink("outputs", output.id)}))
    return table


def build_external_factor_table(*, components: list[Component], translator: Translator) -> Table:
    """The external factors each component lists."""
    _ = translator.gettext
    table = Table(_("External factors"), [Column("component", _("Component"), width=45),
                                          Column("factor", _("External factor"), width=90)],
                  sheet_name="External factors")
    for component in components:
        for factor in component.external_factors:
            table.rows.append(Row({"component": f"{component.number}. {component.name}", "factor": factor.text},
                                  links={"component": RecordLink("components", component.id),
                                         "factor": RecordLink("external-factors", factor.id)}))
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
        table.rows.append(Row({"category": f"{component.number}. {component.name}"}, RowKind.HEADING,
                              links={"category": RecordLink("components", component.id)}))
        detail = []
        for post in sorted(component.posts, key=lambda p: order.index(p.grade)):
            detail.append(len(table.rows))
            table.rows.append(Row({"category": translator.label(post.grade), "approved": post.approved_count,
                                   "proposed": post.proposed_count, "net_change": post.net_change}, level=1,
                                  links={"category": RecordLink("posts", post.id)}))
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
