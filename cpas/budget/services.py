"""Domain operations on the budget: the cell changes of a budget line's grid of amounts at every
stage. Plain functions: they build changes for the engine and never commit."""

from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.entry.fields import display_value
from cpas.entry.grid import CellChange, ShownCell, cell_change
from cpas.entry.keys import record_key
from cpas.labels import label
from cpas.models import BudgetStage, Provenance

AMOUNT_COLUMNS = ("amount", "source_symbol", "source_date", "provenance", "source_note")


def amount_cell(stage: BudgetStage) -> str:
    """The name of a stage's cell: its amount input, where a refusal is shown."""
    return f"amount-{stage.value}"


def budget_line_changes(line, values: dict[str, str], shown: dict[str, ShownCell] | None = None) -> list[CellChange]:
    """One change per stage of the line's grid; ``values`` are the form's "<column>-<stage>" fields,
    ``shown`` what each stage showed when the page was opened (``shown_amounts``)."""
    line_key = record_key(BUDGET_LINES, line)
    by_stage = {amount.stage: amount for amount in line.amounts}
    changes = []
    for stage in BudgetStage:
        raw = {attr: values.get(f"{attr}-{stage.value}", "") for attr in AMOUNT_COLUMNS}
        raw.update(line=line_key, stage=stage.value, provenance=raw["provenance"] or Provenance.ENTERED.value)
        cell = amount_cell(stage)
        change = cell_change(BUDGET_AMOUNTS, by_stage.get(stage), raw, raw["amount"], cell,
                             shown=(shown or {}).get(cell, ShownCell(None, {cell: ""})) if shown is not None else None,
                             form=values, label=str(label(stage)), fields=AMOUNT_COLUMNS)
        if change:
            changes.append(change)
    return changes


def amount_values(line, locale: str | None = None) -> dict[str, str]:
    """The line's saved amounts as its grid shows them, in ``locale``'s language: "<column>-<stage>" → text."""
    by_stage = {amount.stage: amount for amount in line.amounts}
    return {f"{attr}-{stage.value}": display_value(BUDGET_AMOUNTS.field(attr), getattr(by_stage[stage], attr), locale)
            if stage in by_stage else "" for stage in BudgetStage for attr in AMOUNT_COLUMNS}


def shown_amounts(line, values: dict[str, str]) -> dict[str, ShownCell]:
    """What each stage's cell shows (``values`` from ``amount_values``): the amount's version and its
    inputs; a stage without an amount shows only an empty amount (its other inputs wait for one)."""
    by_stage = {amount.stage: amount for amount in line.amounts}
    shown = {}
    for stage in BudgetStage:
        amount = by_stage.get(stage)
        names = [f"{attr}-{stage.value}" for attr in AMOUNT_COLUMNS] if amount else [amount_cell(stage)]
        shown[amount_cell(stage)] = ShownCell(amount.version if amount else None,
                                              {name: values[name] for name in names})
    return shown


def merge_after_conflict(typed: dict[str, str], saved: dict[str, str], edited_cells: set[str]) -> dict[str, str]:
    """The grid to show again after a refusal: what the user typed in the stages they edited, the
    values saved now everywhere else."""
    return {name: typed[name] if f"amount-{name.rsplit('-', 1)[1]}" in edited_cells else saved[name]
            for name in saved}
