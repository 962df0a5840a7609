"""Domain operations on the budget: the cell changes of a budget line's grid of amounts at every
stage. Plain functions: they build changes for the engine and never commit."""

from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.entry.fields import display_value
from cpas.entry.grid import CellChange, cell_change
from cpas.entry.keys import record_key
from cpas.models import BudgetStage, Provenance

AMOUNT_COLUMNS = ("amount", "source_symbol", "source_date", "provenance", "source_note")


def budget_line_changes(line, values: dict[str, str]) -> list[CellChange]:
    """One change per stage of the line's grid; ``values`` are the form's "<column>-<stage>" fields."""
    line_key = record_key(BUDGET_LINES, line)
    by_stage = {amount.stage: amount for amount in line.amounts}
    changes = []
    for stage in BudgetStage:
        raw = {attr: values.get(f"{attr}-{stage.value}", "") for attr in AMOUNT_COLUMNS}
        raw.update(line=line_key, stage=stage.value, provenance=raw["provenance"] or Provenance.ENTERED.value)
        change = cell_change(BUDGET_AMOUNTS, by_stage.get(stage), raw, raw["amount"], f"amount-{stage.value}")
        if change:
            changes.append(change)
    return changes


def amount_values(line, locale: str | None = None) -> dict[str, str]:
    """The line's saved amounts as its grid shows them, in ``locale``'s language: "<column>-<stage>" → text."""
    by_stage = {amount.stage: amount for amount in line.amounts}
    return {f"{attr}-{stage.value}": display_value(BUDGET_AMOUNTS.field(attr), getattr(by_stage[stage], attr), locale)
            if stage in by_stage else "" for stage in BudgetStage for attr in AMOUNT_COLUMNS}
