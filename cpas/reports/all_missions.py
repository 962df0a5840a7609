"""Every mission of a budget period side by side, for headquarters' reviewers and leadership.

Pure builder: each mission's totals by group and stage, settings and a translator in, one
``Table`` out; no database, no Flask. A mission's total of a stage is the gross requirements of
its financial resources (the sum of its groups), so this table and each mission's financial
resources cannot disagree. The gaps between stages and the utilization rate are column formulas,
and the total row sums the missions, so that the workbook keeps calculating.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from cpas.models import BudgetPeriod, BudgetStage, ExpenditureGroup, Mission
from cpas.money import percent
from cpas.reports.translator import Translator
from cpas.reports.units import units_caption
from cpas.tables import CellKind, Column, Row, RowKind, Table

# The stages compared, in the order of the budget cycle (the revised estimates are a mission's
# own business during the year: its financial resources show them).
STAGES = {BudgetStage.PROPOSED: "proposed", BudgetStage.RECOMMENDED: "recommended",
          BudgetStage.APPROVED: "approved", BudgetStage.EXPENDITURE: "expenditure"}
# The stage the group split is of: what the General Assembly appropriated.
GROUP_SPLIT_STAGE = BudgetStage.APPROVED
# (gap, the figure measured, its base): each gap is measured − base, blank unless both are recorded.
GAPS = (("acabq_adjustment", "recommended", "proposed"),
        ("assembly_adjustment", "approved", "recommended"),
        ("approved_minus_proposed", "approved", "proposed"))
GAP_FORMULA = 'IF(AND(ISNUMBER({%s}),ISNUMBER({%s})),{%s}-{%s},"")'
UTILIZATION_FORMULA = 'IF(AND(ISNUMBER({expenditure}),N({approved})<>0),{expenditure}/{approved},"")'
MISSION = "mission"
DEFAULT_SORT = MISSION
ASCENDING, DESCENDING = "asc", "desc"


def group_key(group: ExpenditureGroup) -> str:
    """The column key of a group's share of the approved budget: ``group_civilian_personnel``."""
    return f"group_{group.code}"


def all_missions_columns(groups: list[ExpenditureGroup], translator: Translator) -> list[Column]:
    """Mission | the stages | the gaps | the approved budget by group | expenditure | utilization."""
    _ = translator.gettext
    money = CellKind.MONEY
    return [
        Column(MISSION, _("Mission"), width=14),
        Column("proposed", _("Proposed"), money),
        Column("recommended", _("ACABQ recommended"), money),
        Column("approved", _("Approved"), money),
        *(Column(key, heading, money, formula=GAP_FORMULA % (measured, base, measured, base))
          for key, heading, measured, base in (
              ("acabq_adjustment", _("ACABQ adjustment"), "recommended", "proposed"),
              ("assembly_adjustment", _("General Assembly adjustment"), "approved", "recommended"),
              ("approved_minus_proposed", _("Approved − proposed"), "approved", "proposed"))),
        *(Column(group_key(group), _("%(group)s (approved)", group=f"{group.numeral}. {translator.label(group)}"),
                 money) for group in groups),
        Column("expenditure", _("Expenditure"), money),
        Column("utilization", _("Utilization rate"), CellKind.PERCENT, formula=UTILIZATION_FORMULA),
    ]


SORT_KEYS = ("mission", "proposed", "recommended", "approved", "acabq_adjustment", "assembly_adjustment",
             "approved_minus_proposed", "expenditure", "utilization")


def sort_keys(groups: list[ExpenditureGroup]) -> tuple[str, ...]:
    """The columns the table may be sorted by: every one of them."""
    return (*SORT_KEYS, *(group_key(group) for group in groups))


@dataclass(frozen=True)
class Sorting:
    """The column the missions are sorted by, and which way."""

    key: str = DEFAULT_SORT
    descending: bool = False

    @property
    def order(self) -> str:
        return DESCENDING if self.descending else ASCENDING


def sorting(key: str | None, order: str | None, groups: list[ExpenditureGroup]) -> Sorting:
    """The sorting a reader asked for (``?sort=<column>&order=asc|desc``), validated against the
    known columns: an unknown column sorts by mission, an unknown order ascending."""
    if key not in sort_keys(groups):
        key = DEFAULT_SORT
    return Sorting(key=key, descending=order == DESCENDING)


def stage_totals(totals: dict[tuple[int, BudgetStage], Decimal]) -> dict[BudgetStage, Decimal]:
    """{stage: total} of one mission from its {(group id, stage): total}: only what is recorded."""
    stages: dict[BudgetStage, Decimal] = {}
    for (_group_id, stage), total in totals.items():
        stages[stage] = stages.get(stage, Decimal(0)) + total
    return stages


def _gap(measured: Decimal | None, base: Decimal | None) -> Decimal | None:
    return None if measured is None or base is None else measured - base


def _fill_gaps(row: Row, summed: list[Row] | None = None) -> None:
    """A row's gaps and utilization rate. The total row has one only where every mission it sums
    records both of its figures or neither: a sum of the recommendations of some missions, set
    against the proposals of all, would pass for a cut."""
    cells = row.cells
    for key, measured, base in (*GAPS, ("utilization", "expenditure", "approved")):
        if summed is not None and any((each.get(measured) is None) != (each.get(base) is None) for each in summed):
            row.withheld.add(key)
            cells[key] = None
        elif key == "utilization":
            expenditure, approved = cells.get("expenditure"), cells.get("approved")
            cells[key] = None if expenditure is None or not approved else percent(expenditure, approved)
        else:
            cells[key] = _gap(cells.get(measured), cells.get(base))


def _sorted(rows: list[Row], chosen: Sorting) -> list[Row]:
    """The missions' rows by the chosen column, blanks last whichever way, ties by mission code."""
    by_code = sorted(rows, key=lambda row: row.get(MISSION))
    if chosen.key == MISSION:
        return list(reversed(by_code)) if chosen.descending else by_code
    present = [row for row in by_code if row.get(chosen.key) is not None]
    blank = [row for row in by_code if row.get(chosen.key) is None]
    # Python's sort is stable: equal figures keep the missions' order by code.
    return sorted(present, key=lambda row: row.get(chosen.key), reverse=chosen.descending) + blank


@dataclass(kw_only=True)
class AllMissions:
    """The table of every mission of a period, how it is sorted, the columns it may be sorted by,
    and the missions shown without a figure recorded for the period."""

    table: Table
    sorting: Sorting
    sort_keys: tuple[str, ...]
    without_figures: list[str] = field(default_factory=list)  # their codes

    @property
    def has_missions(self) -> bool:
        return any(row.kind is RowKind.DETAIL for row in self.table.rows)


def build_all_missions(*, missions: list[Mission], totals: dict[int, dict[tuple[int, BudgetStage], Decimal]],
                       groups: list[ExpenditureGroup], period: BudgetPeriod, chosen: Sorting,
                       money_unit: Decimal, translator: Translator) -> AllMissions:
    """One row per mission with a figure recorded for ``period``: its total at each stage (the
    gross requirements of its financial resources), the gaps between them, its approved budget by
    group (I–III), its expenditure and utilization rate; then a total row over the missions.
    ``totals`` is {mission id: {(group id, stage): total}}, holding only what is recorded."""
    _ = translator.gettext
    table = Table(title=_("All missions, %(period)s", period=period.label),
                  columns=all_missions_columns(groups, translator), money_unit=money_unit,
                  caption=units_caption(money_unit, translator), sheet_name="All missions")
    rows, without_figures = [], []
    for mission in missions:
        recorded = totals.get(mission.id, {})
        if not any(stage in STAGES for _group_id, stage in recorded):  # nothing, or revised estimates alone
            without_figures.append(mission.code)
            continue
        stages = stage_totals(recorded)
        row = Row({MISSION: mission.code, "mission_name": mission.name,
                   **{key: stages.get(stage) for stage, key in STAGES.items()},
                   **{group_key(group): recorded.get((group.id, GROUP_SPLIT_STAGE)) for group in groups}})
        _fill_gaps(row)
        rows.append(row)
    table.rows = _sorted(rows, chosen)
    if rows:
        total = table.add_sum_row({MISSION: _("Total")}, RowKind.TOTAL, list(range(len(rows))))
        _fill_gaps(total, rows)
    table.notes.append(_("Each stage's total is the gross requirements of the mission's financial resources: "
                         "proposed, the Secretary-General's cost estimates; ACABQ recommended; approved, the "
                         "apportionment of the General Assembly; expenditure, to date or final."))
    table.notes.append(_("ACABQ adjustment: recommended − proposed. General Assembly adjustment: approved − "
                         "recommended. Groups I–III split the approved budget of %(period)s. Utilization rate: "
                         "expenditure ÷ approved.", period=period.label))
    if table.rows and table.rows[-1].withheld:
        table.notes.append(_("A total's gap or utilization rate is left blank while some missions record only one "
                             "of its two figures."))
    if without_figures:
        table.notes.append(_("No budget figure is recorded for %(period)s in: %(missions)s.",
                             period=period.label, missions=", ".join(without_figures)))
    return AllMissions(table=table, sorting=chosen, sort_keys=sort_keys(groups), without_figures=without_figures)
