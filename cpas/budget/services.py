"""Domain operations on the budget: the cell changes of a budget line's grid of amounts at every
stage, and a class of expenditure an administrator adds from a given period. Plain functions: they
build changes for the engine, or flush, and never commit."""

import re
import unicodedata
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpas.audit import ChangeLog, snapshot
from cpas.budget.specs import BUDGET_AMOUNTS, BUDGET_LINES
from cpas.entry.fields import display_value
from cpas.entry.grid import CellChange, ShownCell, cell_change
from cpas.entry.keys import record_key
from cpas.labels import label
from cpas.models import (
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    ExpenditureGroup,
    Provenance,
    VarianceExplanation,
)

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


# Classes of expenditure an administrator adds ------------------------------------------------------

CLASS_CODE_PATTERN = re.compile(r"^[a-z0-9_]{1,60}$")
CLASS_NAME_LENGTH = 200


class ClassError(Exception):
    """A class of expenditure refused, with the form field it concerns (None: the form as a whole)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def class_code_of(name: str) -> str:
    """The code derived from a class's name: ``National Professional Officers`` →
    ``national_professional_officers`` (accents dropped, 60 characters at most)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:60].rstrip("_")


def add_expenditure_class(session: Session, *, group: ExpenditureGroup, name: str, code: str,
                          valid_from: BudgetPeriod, predecessor: ExpenditureClass | None = None,
                          acting_user_id: int | None = None) -> ExpenditureClass:
    """A new class of expenditure of ``group``, used from the period ``valid_from`` on, with the
    code given or, when empty, derived from its name. Succeeding ``predecessor``, it is placed
    after it (and after its other successors), and the predecessor is used up to the period
    before, unless it ended earlier; a predecessor with budget lines or variance explanations
    from that period on is refused, for they would lose their class. Audited (the new class and
    each class it changed: a predecessor's end, positions moved down). Flushes, never commits."""
    name = " ".join(name.split())
    code = code.strip() or class_code_of(name)
    # The items below gross requirements are the UN's two, printed in their own rows: no class
    # joins them, nor succeeds one of them, whatever a form offers.
    if group.below_gross:
        raise ClassError("group", _l("%(group)s holds the UN's two items printed after the gross requirements: "
                                     "choose a group of the requirements.", group=label(group)))
    if predecessor is not None and not predecessor.is_requirement:
        raise ClassError("predecessor", _l("%(name)s is printed after the gross requirements: no class of "
                                           "expenditure succeeds it.", name=label(predecessor)))
    if not name or len(name) > CLASS_NAME_LENGTH:
        raise ClassError("name", _l("Give the class a name of at most %(count)d characters.",
                                    count=CLASS_NAME_LENGTH))
    if not CLASS_CODE_PATTERN.match(code):
        raise ClassError("code", _l("A code is 1 to 60 lower-case letters, digits or underscores, e.g. "
                                    "national_professional_officers."))
    for attr, value, message in (
            ("name", name, _l("A class of expenditure named %(value)s exists already.", value=name)),
            ("code", code, _l("A class of expenditure with the code %(value)s exists already.", value=code))):
        if session.scalar(select(ExpenditureClass.id).where(
                func.lower(getattr(ExpenditureClass, attr)) == value.lower())) is not None:
            raise ClassError(attr, message)
    starts_on = valid_from.starts_on
    touched = {each.id: (each, snapshot(each)) for each in
               [*group.classes, *([predecessor] if predecessor is not None else [])]}
    position = max((each.position for each in group.classes), default=0) + 1
    if predecessor is not None:
        if predecessor.valid_from is not None and predecessor.valid_from >= starts_on:
            raise ClassError("predecessor", _l("%(name)s is used only from %(start)s: a class succeeding it must "
                                               "start later.", name=label(predecessor),
                                               start=predecessor.valid_from.isoformat()))
        used_later = session.scalar(select(func.count()).select_from(BudgetLine).join(
            BudgetPeriod, BudgetPeriod.id == BudgetLine.period_id).where(
            BudgetLine.class_id == predecessor.id, BudgetPeriod.starts_on >= starts_on)) or session.scalar(
            select(func.count()).select_from(VarianceExplanation).join(
                BudgetPeriod, BudgetPeriod.id == VarianceExplanation.period_id).where(
                VarianceExplanation.class_id == predecessor.id, BudgetPeriod.starts_on >= starts_on))
        if used_later:
            raise ClassError("predecessor", _l("%(name)s has budget figures from %(period)s on: it cannot be "
                                               "succeeded from that period.", name=label(predecessor),
                                               period=valid_from.label))
        until = starts_on - timedelta(days=1)
        if predecessor.valid_until is None or predecessor.valid_until > until:
            predecessor.valid_until = until
        if predecessor.group_id == group.id:
            position = max([predecessor.position, *(each.position for each in predecessor.successors
                                                    if each.group_id == group.id)]) + 1
            for each in group.classes:
                if each.position >= position:
                    each.position += 1
    expenditure_class = ExpenditureClass(group=group, name=name, code=code, position=position, valid_from=starts_on)
    if predecessor is not None:
        expenditure_class.predecessors.append(predecessor)
    session.add(expenditure_class)
    changes = ChangeLog(acting_user_id)
    changes.created(expenditure_class, f"Class of expenditure {name} added, used from {valid_from.label}")
    for each, before in touched.values():
        if snapshot(each) != before:
            changes.updated(each, before, summary=f"Class of expenditure {each.name} changed by the new class {name}")
    changes.write(session)
    return expenditure_class
