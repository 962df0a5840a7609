"""Financial resources as UN budget documents print them, and the headline comparison.

Pure builders: figures, settings and a translator in, ``Table`` and figures out; no database,
no Flask.
"""

import enum
from dataclasses import dataclass
from decimal import Decimal

from cpas.models import BudgetPeriod, BudgetStage, ExpenditureClass, ExpenditureGroup
from cpas.money import percent
from cpas.reports.translator import Translator
from cpas.reports.units import units_caption
from cpas.tables import CellFormula, CellKind, CellLink, CellMark, Column, RecordListLink, Row, RowKind, Table

STAGE_COLUMNS = {
    BudgetStage.PROPOSED: "proposed",
    BudgetStage.RECOMMENDED: "recommended",
    BudgetStage.APPROVED: "approved",
    BudgetStage.REVISED: "revised",
    BudgetStage.EXPENDITURE: "expenditure",
}
# A class's variance needs the figure its form measures (cost estimates, expenditure): where that
# is not recorded yet the variance stays blank, in Excel too, rather than count it as nil. A
# missing base (no apportionment for the class) is nil: apportionments list every class funded.
BUDGET_VARIANCE = 'IF(ISNUMBER({proposed}),{proposed}-N({previous_approved}),"")'
BUDGET_VARIANCE_PERCENT = ('IF(AND(ISNUMBER({proposed}),N({previous_approved})<>0),'
                           '{budget_variance}/{previous_approved},"")')
PERFORMANCE_VARIANCE = 'IF(ISNUMBER({expenditure}),N({approved})-{expenditure},"")'
PERFORMANCE_VARIANCE_PERCENT = ('IF(AND(ISNUMBER({expenditure}),N({approved})<>0),'
                                '{performance_variance}/{approved},"")')
# (variance, its percentage, the figure measured, the base) of each form
VARIANCES = (("budget_variance", "budget_variance_percent", "proposed", "previous_approved"),
             ("performance_variance", "performance_variance_percent", "expenditure", "approved"))
MONEY_KEYS = ("previous_approved", "previous_expenditure", *STAGE_COLUMNS.values())

# The adjustments of one stage to the next that a reviewer may add to the table, by their name in
# the query string (``?adjustment=acabq&adjustment=assembly``): (amount, its percentage, the figure
# measured, its base). Each is blank unless both of its figures are recorded: a stage not reached
# yet is no adjustment of nil, nor one of the whole base.
ADJUSTMENTS = {
    "acabq": ("acabq_adjustment", "acabq_adjustment_percent", "recommended", "proposed"),
    "assembly": ("assembly_adjustment", "assembly_adjustment_percent", "approved", "recommended"),
}
ADJUSTMENT = 'IF(AND(ISNUMBER({%(measured)s}),ISNUMBER({%(base)s})),{%(measured)s}-{%(base)s},"")'
ADJUSTMENT_PERCENT = 'IF(AND(ISNUMBER({%(amount)s}),N({%(base)s})<>0),{%(amount)s}/{%(base)s},"")'

# The rows UN tables print after the gross requirements (DOMAIN.md): staff assessment income, net
# requirements, voluntary contributions in kind (budgeted), total requirements. The two items are
# recorded as the classes of the group flagged ``below_gross`` (migration 0017), known here by
# their codes; net and total requirements are derived from them and the gross requirements.
STAFF_ASSESSMENT = "staff_assessment_income"
VOLUNTARY_IN_KIND = "voluntary_contributions_in_kind"
REQUIREMENTS = "requirements"  # a cell of no column, naming the gross, net and total requirements rows
GROSS, NET, TOTAL = "gross", "net", "total"
BELOW_GROSS = "below_gross"  # a cell of no column, marking the rows of the two items
# Blank, not gross requirements, while the item is not recorded: not recorded is not nil.
NET_REQUIREMENTS = 'IF(AND(ISNUMBER({gross}),ISNUMBER({item})),{gross}-{item},"")'
TOTAL_REQUIREMENTS = 'IF(AND(ISNUMBER({gross}),ISNUMBER({item})),{gross}+{item},"")'


def adjustment_choices(translator: Translator) -> list[tuple[str, str]]:
    """(name, what the reader selects) of each adjustment column a reviewer may add, in order."""
    _ = translator.gettext
    shown = {"acabq": _("ACABQ adjustment (recommended − proposed)"),
             "assembly": _("General Assembly adjustment (approved − recommended)")}
    return [(name, shown[name]) for name in ADJUSTMENTS]


def selected_adjustments(names) -> tuple[str, ...]:
    """The adjustment columns asked for, in the table's order; a name that is none of
    ``ADJUSTMENTS`` is ignored, so that an old or mistyped address still shows the table."""
    asked = set(names)
    return tuple(name for name in ADJUSTMENTS if name in asked)


def difference(minuend: Decimal | None, subtrahend: Decimal | None) -> Decimal | None:
    """``minuend - subtrahend``, the measured figure minus its base, with a missing base counted as
    nil; None when the measured figure is missing: not yet recorded is not zero."""
    if minuend is None:
        return None
    return minuend - (subtrahend or Decimal(0))


def variance_percent(variance: Decimal | None, base: Decimal | None) -> Decimal | None:
    """The variance as a percentage of its base; None without a variance or with a nil base."""
    if variance is None or not base:
        return None
    return percent(variance, base)


def _has_figures(row: Row) -> bool:
    return any(row.get(key) is not None for key in MONEY_KEYS)


def _measured_here(row: Row) -> bool:
    """A class whose stages this period records: one with figures, but not a retired class shown
    only for its previous period's figures (its successors take its place)."""
    return _has_figures(row) and not row.get("retired")


def _fill_variances(row: Row, summed: list[Row] | None = None) -> None:
    """A row's variances of both forms. A subtotal or total has a variance only when the figure
    measured is recorded for every class it sums that has figures: otherwise the sum of what is
    recorded, set against the whole base, would pass for an unspent balance."""
    cells = row.cells
    for variance_key, percent_key, measured_key, base_key in VARIANCES:
        measured, base = cells.get(measured_key), cells.get(base_key)
        if measured_key == "expenditure":  # approved − expenditure: the base comes first
            variance = None if measured is None else (base or Decimal(0)) - measured
        else:
            variance = difference(measured, base)
        incomplete = summed is not None and any(
            detail.get(measured_key) is None and _measured_here(detail) for detail in summed)
        if incomplete:
            variance = None
            row.withheld |= {variance_key, percent_key}
        cells[variance_key] = variance
        cells[percent_key] = variance_percent(variance, base)
    _fill_adjustments(row, summed)


def _fill_adjustments(row: Row, summed: list[Row] | None = None) -> None:
    """A row's adjustments from one stage to the next, blank unless both figures are recorded; a
    subtotal or total has one only where every row it sums records both figures or neither: a
    sum of some classes' recommendations, set against every class's proposal, would pass for a cut."""
    cells = row.cells
    for amount_key, percent_key, measured_key, base_key in ADJUSTMENTS.values():
        measured, base = cells.get(measured_key), cells.get(base_key)
        amount = None if measured is None or base is None else measured - base
        if summed is not None and any((detail.get(measured_key) is None) != (detail.get(base_key) is None)
                                      for detail in summed):
            amount = None
            row.withheld |= {amount_key, percent_key}
        cells[amount_key] = amount
        cells[percent_key] = variance_percent(amount, base)


def _fill_below_gross_variances(row: Row) -> None:
    """The variances and adjustments of a row below the gross requirements, by the rules of a
    class row but one: a base not recorded withholds the variance rather than count as nil. A
    class missing from an apportionment is one not funded; staff assessment income missing from
    the record is merely not entered yet (nor, then, the net requirements)."""
    _fill_variances(row)
    for variance_key, percent_key, measured_key, base_key in VARIANCES:
        if row.get(base_key) is None and row.get(measured_key) is not None:
            row.cells[variance_key] = row.cells[percent_key] = None
            row.withheld |= {variance_key, percent_key}


def adjustment_columns(period: BudgetPeriod, adjustments: tuple[str, ...], translator: Translator) -> list[Column]:
    """The columns of the adjustments selected (names of ``ADJUSTMENTS``): each amount and its
    percentage of its base, live formulas over the row's stages."""
    _ = translator.gettext
    headings = {
        "acabq": (_("ACABQ adjustment (%(period)s): recommended − proposed", period=period.label),
                  _("ACABQ adjustment: percentage of the cost estimates")),
        "assembly": (_("General Assembly adjustment (%(period)s): approved − recommended", period=period.label),
                     _("General Assembly adjustment: percentage of the ACABQ recommendation")),
    }
    columns = []
    for name in adjustments:
        amount_key, percent_key, measured_key, base_key = ADJUSTMENTS[name]
        amount_heading, percent_heading = headings[name]
        columns += [
            Column(amount_key, amount_heading, CellKind.MONEY,
                   formula=ADJUSTMENT % {"measured": measured_key, "base": base_key}),
            Column(percent_key, percent_heading, CellKind.PERCENT,
                   formula=ADJUSTMENT_PERCENT % {"amount": amount_key, "base": base_key}),
        ]
    return columns


def financial_columns(period: BudgetPeriod, previous: BudgetPeriod | None, translator: Translator,
                      adjustments: tuple[str, ...] = ()) -> list[Column]:
    """The columns of both UN forms, headed with their periods, variances included: a budget
    report's variance sets this period's estimates against the previous period's apportionment.
    The adjustments selected come last, so that the other columns keep their letters in the
    workbook whatever a reviewer selects."""
    _ = translator.gettext
    before = previous.label if previous else "—"
    now = period.label
    money = CellKind.MONEY
    return [
        Column("class", _("Category"), width=42),
        Column("previous_approved", _("Apportionment (%(period)s)", period=before), money),
        Column("previous_expenditure", _("Expenditure (%(period)s)", period=before), money),
        Column("proposed", _("Cost estimates (%(period)s)", period=now), money),
        Column("recommended", _("ACABQ recommendation (%(period)s)", period=now), money),
        Column("approved", _("Apportionment (%(period)s)", period=now), money),
        Column("revised", _("Revised (%(period)s)", period=now), money),
        Column("expenditure", _("Expenditure (%(period)s)", period=now), money),
        Column("budget_variance", _("Variance: cost estimates (%(period)s) − apportionment (%(previous)s)",
                                    period=now, previous=before), money, formula=BUDGET_VARIANCE),
        Column("budget_variance_percent", _("Percentage of the apportionment (%(period)s)", period=before),
               CellKind.PERCENT, formula=BUDGET_VARIANCE_PERCENT),
        Column("performance_variance", _("Variance: apportionment (%(period)s) − expenditure (%(period)s)",
                                         period=now), money, formula=PERFORMANCE_VARIANCE),
        Column("performance_variance_percent", _("Percentage of the apportionment (%(period)s)", period=now),
               CellKind.PERCENT, formula=PERFORMANCE_VARIANCE_PERCENT),
        *adjustment_columns(period, adjustments, translator),
    ]


@dataclass(frozen=True)
class StageCompleteness:
    """For how many of the budget's classes (those with any figure) a stage is recorded."""

    recorded: int
    classes: int

    @property
    def is_partial(self) -> bool:
        return 0 < self.recorded < self.classes


def stage_completeness(table: Table, key: str) -> StageCompleteness:
    """How complete the column ``key`` (a stage) of a financial table is."""
    rows = [row for row in class_rows(table) if _measured_here(row)]
    return StageCompleteness(recorded=sum(row.get(key) is not None for row in rows), classes=len(rows))


def completeness_note(table: Table, key: str, stage_name: str, translator: Translator) -> str:
    """"Expenditure recorded for 1 of 21 classes: ...", or "" when the stage is complete or empty."""
    completeness = stage_completeness(table, key)
    if not completeness.is_partial:
        return ""
    return translator.gettext(
        "%(stage)s recorded for %(recorded)d of %(classes)d classes: a class with nothing recorded yet is left "
        "blank (not nil) and has no variance, and subtotals have no variance until every class is recorded.",
        stage=stage_name, recorded=completeness.recorded, classes=completeness.classes)


def _revised_with_carry(row: Row, approved_unrevised: dict[int, Decimal], mark: CellMark) -> None:
    """The revised estimates of a class: its revisions, and the approved amount of its lines
    without one; a class with no revision at all carries its approved amount, marked so."""
    revised, carried = row.get("revised"), approved_unrevised.get(row.get("class_id"))
    if carried is None:
        return
    row.cells["revised"] = (revised or Decimal(0)) + carried
    if revised is None:
        row.marks["revised"] = mark


@dataclass(frozen=True)
class _Comparison:
    """A retired class with the previous period's figures, and its successors used now: shown
    together, with a subtotal that compares them."""

    retired: ExpenditureClass
    successors: tuple[ExpenditureClass, ...]


def _group_plan(group: ExpenditureGroup, period: BudgetPeriod, current: dict, previous_totals: dict) -> list:
    """The group's rows in print order: each class used in the period or with figures in it (so
    nothing recorded disappears), and in place of a retired class that has the previous period's
    figures, a ``_Comparison`` with its successors of the group that are shown; a retired class
    without such successors keeps a row of its own."""
    shown = [each for each in group.classes if each.is_valid_for(period) or each.id in current]
    shown_ids = {each.id for each in shown}
    plan: list = []
    compared: set[int] = set()
    for expenditure_class in group.classes:
        if expenditure_class.id in shown_ids or expenditure_class.id not in previous_totals:
            continue
        successors = tuple(each for each in expenditure_class.successors if each.id in shown_ids)
        if successors:
            plan.append((expenditure_class.position, _Comparison(expenditure_class, successors)))
            compared |= {each.id for each in successors}
        else:
            plan.append((expenditure_class.position, expenditure_class))
    plan += [(each.position, each) for each in shown if each.id not in compared]
    return [entry for _position, entry in sorted(plan, key=lambda pair: pair[0])]


def _class_row(expenditure_class: ExpenditureClass, current: dict, previous_totals: dict,
               previous: BudgetPeriod | None, translator: Translator, level: int, retired: bool) -> Row:
    """A class's row: its stages in the period and its previous period's apportionment and
    expenditure; a retired class shown for its previous figures is named with its last period."""
    amounts = current.get(expenditure_class.id, {})
    before = previous_totals.get(expenditure_class.id, {})
    name = translator.label(expenditure_class)
    if retired and previous:
        name = translator.gettext("%(name)s (until %(period)s)", name=name, period=previous.label)
    row = Row({"class": name, "class_id": expenditure_class.id,
               "previous_approved": before.get(BudgetStage.APPROVED),
               "previous_expenditure": before.get(BudgetStage.EXPENDITURE),
               **{key: amounts.get(stage) for stage, key in STAGE_COLUMNS.items()}}, level=level,
              links={"class": RecordListLink("budget-lines", (("expenditure_class", expenditure_class.name),))})
    if retired:
        row.cells["retired"] = True
    return row


def _joined(names: list[str], translator: Translator) -> str:
    """"A", "A and B", "A, B and C", in the reader's language."""
    if len(names) < 2:
        return "".join(names)
    return translator.gettext("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def build_financial_resources(
    *,
    groups: list[ExpenditureGroup],
    current: dict[int, dict[BudgetStage, Decimal]],
    previous_totals: dict[int, dict[BudgetStage, Decimal]],
    period: BudgetPeriod,
    previous: BudgetPeriod | None,
    money_unit: Decimal,
    translator: Translator,
    approved_unrevised: dict[int, Decimal] | None = None,
    adjustments: tuple[str, ...] = (),
) -> Table:
    """Groups I–III with their classes, a subtotal per group and the gross requirements, then
    staff assessment income, net requirements, voluntary contributions in kind (budgeted) and
    total requirements; one column per stage, the previous period's apportionment and
    expenditure, the variances of both UN forms (budget report and performance report), and the
    adjustments selected (``adjustments``, names of ``ADJUSTMENTS``: none by default).

    ``current`` and ``previous_totals`` are {class id: {stage: total}} of the period and of the
    one before it, holding only what is recorded. Once any line is revised, the revised column is
    the approved budget with the revisions applied: ``approved_unrevised`` ({class id: approved
    amount of its lines without a revision}) is carried into it.

    A group lists the classes used in the period (``ExpenditureClass.is_valid_for``) and any
    with figures in it. A class the period no longer uses but the previous period has figures
    for is shown, for those figures, with its successors (``ExpenditureClass.successors``) and a
    subtotal comparing them: "National staff (National Professional Officers and National General
    Service staff)". The group's subtotal sums the class rows, so each figure counts once.

    The groups flagged ``below_gross`` give the rows after the gross requirements (when ``groups``
    holds them): see ``_add_rows_below_gross``."""
    _ = translator.gettext
    below_gross = {each.code: each for group in groups if group.below_gross for each in group.classes}
    groups = [group for group in groups if not group.below_gross]
    table = Table(title=_("Financial resources"), columns=financial_columns(period, previous, translator, adjustments),
                  money_unit=money_unit, caption=units_caption(money_unit, translator),
                  sheet_name="Financial resources")
    # Revised estimates are of the requirements: a revision of an item below them alone (staff
    # assessment income) revises no class, and carries no approved amount into a revised column.
    items_below_gross = {each.id for each in below_gross.values()}
    is_revised = any(BudgetStage.REVISED in amounts for class_id, amounts in current.items()
                     if class_id not in items_below_gross)
    carried_mark = CellMark(_("carried"), _("No revision is recorded for this class: its approved amount is "
                                            "carried into the revised estimates."))
    subtotal_indexes = []
    comparisons = []
    for group in groups:
        table.rows.append(Row({"class": f"{group.numeral}. {translator.label(group)}"}, RowKind.HEADING))
        detail_indexes = []

        def add_class_row(expenditure_class, level: int = 1, retired: bool = False,
                          detail_indexes: list[int] = detail_indexes) -> int:
            row = _class_row(expenditure_class, current, previous_totals, previous, translator, level, retired)
            if is_revised:
                _revised_with_carry(row, approved_unrevised or {}, carried_mark)
            _fill_variances(row)
            detail_indexes.append(len(table.rows))
            table.rows.append(row)
            return len(table.rows) - 1

        for plan in _group_plan(group, period, current, previous_totals):
            if isinstance(plan, _Comparison):
                indexes = [add_class_row(plan.retired, level=2, retired=True),
                           *(add_class_row(successor, level=2) for successor in plan.successors)]
                names = [translator.label(successor) for successor in plan.successors]
                comparable = table.add_sum_row(
                    {"class": _("%(name)s (%(successors)s)", name=translator.label(plan.retired),
                                successors=_joined(names, translator))}, RowKind.SUBTOTAL, indexes)
                comparable.level = 1
                _fill_variances(comparable, [table.rows[index] for index in indexes])
                comparisons.append(plan)
            else:
                add_class_row(plan)
        subtotal = table.add_sum_row({"class": _("Subtotal, %(group)s", group=translator.label(group))},
                                     RowKind.SUBTOTAL, detail_indexes)
        _fill_variances(subtotal, [table.rows[index] for index in detail_indexes])
        subtotal_indexes.append(len(table.rows) - 1)
    gross = table.add_sum_row({"class": _("Gross requirements"), REQUIREMENTS: GROSS}, RowKind.TOTAL,
                              subtotal_indexes)
    _fill_variances(gross, class_rows(table))
    # A variance needs both of its figures: with no apportionment for the previous period, or no
    # expenditure yet for this one, or no apportionment of this one (figures of expenditure alone,
    # as the UN's open data gives a year), the corresponding variance columns would only repeat a
    # stage, or its opposite.
    dropped = set()
    if gross.get("previous_approved") is None:
        dropped |= {"budget_variance", "budget_variance_percent"}
    if gross.get("expenditure") is None or gross.get("approved") is None:
        dropped |= {"performance_variance", "performance_variance_percent"}
    table.columns = [column for column in table.columns if column.key not in dropped]
    below_gross_rows = _add_rows_below_gross(table, below_gross, current, previous_totals, previous, translator,
                                             carried_mark if is_revised else None, approved_unrevised or {})
    for comparison in comparisons:
        table.notes.append(_("%(name)s is not used in %(period)s: its figures of %(previous)s are compared with the "
                             "sum of %(successors)s, which replaced it.",
                             name=translator.label(comparison.retired), period=period.label,
                             previous=previous.label if previous else "—",
                             successors=_joined([translator.label(each) for each in comparison.successors],
                                                translator)))
    stage_keys = set(STAGE_COLUMNS.values()) - {"revised"}  # the revised estimates are complete once carried
    if any(row.marks.get("revised") for row in table.rows):
        table.notes.append(_("Revised (%(period)s): the apportionment with the revisions applied; a class marked "
                             "“%(mark)s” has no revision and carries its approved amount.",
                             period=period.label, mark=carried_mark.symbol))
    for column in table.columns:
        note = completeness_note(table, column.key, column.heading, translator) if column.key in stage_keys else ""
        if note:
            table.notes.append(note)
    shown_money = [column.key for column in table.columns if column.key in MONEY_KEYS]
    for derived, message in ((NET, _("Net requirements are left blank where staff assessment income is not "
                                     "recorded: not recorded is not nil (record 0 where there is none).")),
                             (TOTAL, _("Total requirements are left blank where voluntary contributions in kind "
                                       "are not recorded: not recorded is not nil (record 0 where there are none)."))):
        row = below_gross_rows.get(derived)
        if row is not None and any(gross.get(key) is not None and row.get(key) is None for key in shown_money):
            table.notes.append(message)
    if adjustments:
        table.notes.append(_("ACABQ adjustment: recommended − proposed, as a percentage of the cost estimates. General "
                             "Assembly adjustment: approved − recommended, as a percentage of the ACABQ "
                             "recommendation. Blank where either figure is not recorded."))
    return table


def _add_rows_below_gross(table: Table, classes: dict[str, ExpenditureClass], current: dict, previous_totals: dict,
                          previous: BudgetPeriod | None, translator: Translator, carried_mark: CellMark | None,
                          approved_unrevised: dict[int, Decimal]) -> dict[str, Row]:
    """After the gross requirements: staff assessment income, net requirements (gross − staff
    assessment), voluntary contributions in kind (budgeted) and total requirements (gross +
    voluntary contributions), as UN tables print them; {NET or TOTAL: its row}. An item whose
    class ``classes`` lacks (a table built without them) is left out with its derived row.

    The two items are rows of their own, figures as recorded, outside every sum. A derived figure
    is blank where its item is not recorded at that stage: a mission that records no staff
    assessment has no net requirements to show, and printing the gross requirements there would
    state a staff assessment of nil that nobody recorded; a nil recorded gives net = gross. In
    Excel each derived figure is a live formula over the gross requirements and the item (blank
    while either is), so that it recalculates when a reviewer changes a figure."""
    _ = translator.gettext
    gross_index = gross_requirements_index(table)
    gross = table.rows[gross_index]
    money_keys = [column.key for column in table.columns if column.key in MONEY_KEYS]
    derived_rows = {}
    for item_code, derived, name, sign, formula in (
            (STAFF_ASSESSMENT, NET, _("Net requirements"), -1, NET_REQUIREMENTS),
            (VOLUNTARY_IN_KIND, TOTAL, _("Total requirements"), 1, TOTAL_REQUIREMENTS)):
        expenditure_class = classes.get(item_code)
        if expenditure_class is None:
            continue
        item = _class_row(expenditure_class, current, previous_totals, previous, translator, level=0, retired=False)
        item.cells[BELOW_GROSS] = True
        if carried_mark is not None:
            _revised_with_carry(item, approved_unrevised, carried_mark)
        _fill_below_gross_variances(item)
        table.rows.append(item)
        item_index = len(table.rows) - 1
        row = Row({"class": name, REQUIREMENTS: derived}, RowKind.TOTAL)
        for key in money_keys:
            gross_figure, item_figure = gross.get(key), item.get(key)
            figure = None if gross_figure is None or item_figure is None else gross_figure + sign * item_figure
            row.cells[key] = figure
            row.formulas[key] = CellFormula(
                expression=formula, value=figure,
                links={"gross": CellLink(table=table, row_index=gross_index, column_key=key),
                       "item": CellLink(table=table, row_index=item_index, column_key=key)})
        _fill_below_gross_variances(row)
        table.rows.append(row)
        derived_rows[derived] = row
    return derived_rows


def has_figures(table: Table) -> bool:
    """Whether the financial table holds any figure at all (else the page says none is recorded)."""
    return _has_figures(gross_requirements(table))


def class_rows(table: Table) -> list[Row]:
    """The rows of the classes of expenditure, without headings, subtotals and totals, nor the
    items below the gross requirements (staff assessment income, voluntary contributions in
    kind), which are no requirements: no variance of theirs is analysed."""
    return [row for row in table.rows if row.kind is RowKind.DETAIL and not row.get(BELOW_GROSS)]


def gross_requirements_index(table: Table) -> int:
    """The position of the gross requirements in a financial table (the net and total
    requirements below it are total rows too)."""
    (index,) = [index for index, row in enumerate(table.rows) if row.get(REQUIREMENTS) == GROSS]
    return index


def gross_requirements(table: Table) -> Row:
    """The gross requirements row of a financial table."""
    return table.rows[gross_requirements_index(table)]


class HeadlineStage(enum.Enum):
    """The latest stage of the budget cycle a period's figures have reached, which the headline
    states in the words of that stage's UN document."""

    PROPOSAL = "proposal"  # the Secretary-General's cost estimates
    RECOMMENDATION = "recommendation"  # the ACABQ's report
    APPROVAL = "approval"  # the General Assembly's appropriation
    EXECUTION = "execution"  # expenditure to date, during the period
    PERFORMANCE = "performance"  # final expenditure, after the period


@dataclass(frozen=True)
class BudgetHeadline:
    """The period's total at each stage recorded (its gross requirements), the previous period's
    apportionment, and the gaps between them that the headline states."""

    proposed: Decimal | None
    recommended: Decimal | None
    approved: Decimal | None
    previous_approved: Decimal | None = None
    previous_label: str = ""
    expenditure: Decimal | None = None
    period_over: bool = False  # the period has ended: its expenditure is final

    @property
    def stage(self) -> HeadlineStage | None:
        """The latest stage reached (None: no figure is recorded)."""
        if self.expenditure is not None:
            return HeadlineStage.PERFORMANCE if self.period_over else HeadlineStage.EXECUTION
        if self.approved is not None:
            return HeadlineStage.APPROVAL
        if self.recommended is not None:
            return HeadlineStage.RECOMMENDATION
        return HeadlineStage.PROPOSAL if self.proposed is not None else None

    @property
    def below_proposal(self) -> Decimal | None:
        return None if self.proposed is None or self.approved is None else self.proposed - self.approved

    @property
    def below_recommendation(self) -> Decimal | None:
        return None if self.recommended is None or self.approved is None else self.recommended - self.approved

    @property
    def below_proposal_percent(self) -> Decimal | None:
        return variance_percent(self.below_proposal, self.proposed)

    @property
    def acabq_adjustment(self) -> Decimal | None:
        """The ACABQ's recommended adjustment to the proposal: recommended − proposed."""
        return None if self.recommended is None or self.proposed is None else self.recommended - self.proposed

    @property
    def acabq_adjustment_percent(self) -> Decimal | None:
        return variance_percent(self.acabq_adjustment, self.proposed)

    @property
    def assembly_adjustment(self) -> Decimal | None:
        """The General Assembly's adjustment to the recommendation: approved − recommended."""
        return None if self.approved is None or self.recommended is None else self.approved - self.recommended

    @property
    def assembly_adjustment_percent(self) -> Decimal | None:
        return variance_percent(self.assembly_adjustment, self.recommended)

    @property
    def stage_total(self) -> Decimal | None:
        """The total the previous period's apportionment is compared with: the appropriation once
        approved, the proposal before (a budget report's variance)."""
        return self.approved if self.approved is not None else (
            self.proposed if self.recommended is None else None)

    @property
    def change_from_previous(self) -> Decimal | None:
        if self.stage_total is None or self.previous_approved is None:
            return None
        return self.stage_total - self.previous_approved

    @property
    def change_from_previous_percent(self) -> Decimal | None:
        return variance_percent(self.change_from_previous, self.previous_approved)

    @property
    def unencumbered_balance(self) -> Decimal | None:
        """Apportionment − expenditure (to date, or final)."""
        return None if self.expenditure is None or self.approved is None else self.approved - self.expenditure

    @property
    def utilization_percent(self) -> Decimal | None:
        """Expenditure as a percentage of the apportionment (the utilization rate)."""
        return None if self.expenditure is None or not self.approved else percent(self.expenditure, self.approved)

    @property
    def has_stages(self) -> bool:
        return None not in (self.proposed, self.recommended, self.approved)


def build_budget_headline(financial: Table, previous: BudgetPeriod | None, period_over: bool = False) -> BudgetHeadline:
    """The headline of a financial resources table, read from its gross requirements: the page,
    the overview and the workbook state the figures the table shows. ``period_over``: the
    period has ended, so that its expenditure is final."""
    gross = gross_requirements(financial)
    return BudgetHeadline(
        proposed=gross.get("proposed"), recommended=gross.get("recommended"), approved=gross.get("approved"),
        previous_approved=gross.get("previous_approved"), previous_label=previous.label if previous else "",
        expenditure=gross.get("expenditure"), period_over=period_over,
    )
