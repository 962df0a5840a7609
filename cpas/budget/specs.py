"""The budget as record types: budget lines by class of expenditure, their amounts at each stage
of the budget cycle, and the explanations of variances. Classes of expenditure are reference
data seeded by migration (or added by an administrator, cpas/budget/classes.py): looked up by
name or code, never entered here; a budget line takes only a class used in its period."""

from flask_babel import lazy_gettext as _l

from cpas.auth.permissions import VARIANCE_WRITERS
from cpas.entry.checks import PROVENANCE_HELP, verified_has_a_source
from cpas.entry.keys import KEY_SEPARATOR, shortened
from cpas.entry.spec import Action, Child, ReasonRule, RecordSpec, Scope, field_of, register
from cpas.labels import label
from cpas.models import BudgetAmount, BudgetLine, BudgetStage, ExpenditureClass, VarianceExplanation


def _changes_approved_budget(amount: BudgetAmount, values: dict | None) -> bool:
    """Deleting an amount of the approved budget, or changing one (its figure, or its stage to
    or from "approved"), must be explained."""
    if values is None:
        return amount.stage is BudgetStage.APPROVED
    touches_approved = BudgetStage.APPROVED in (amount.stage, values.get("stage"))
    return touches_approved and (values.get("amount") != amount.amount or values.get("stage") is not amount.stage)


def budget_line_choice(line: BudgetLine) -> str:
    """A line as choice lists offer it: its reference and class, in the user's language, then its
    description, e.g. ``BL-022 · Ground transportation — Fuel``."""
    shown = f"{line.ref}{KEY_SEPARATOR}{label(line.expenditure_class)}"
    return f"{shown} — {shortened(line.description)}" if line.description.strip() else shown


def explains_a_requirement(values, _context) -> dict:
    """A variance is explained for a class of the requirements: the analysis of variances has no
    row for the items after the gross requirements, so an explanation of theirs would show nowhere."""
    expenditure_class = values.get("expenditure_class")
    if expenditure_class is None or expenditure_class.is_requirement:
        return {}
    return {"expenditure_class": _l("“%(name)s” is printed after the gross requirements: the analysis of variances "
                                    "explains the classes of the requirements only.", name=label(expenditure_class))}


def class_used_in_the_period(values, context) -> dict:
    """A budget line's class must be one the UN's documents of the line's period use: National
    staff up to 2020/21, its successors from 2021/22. The workbook and the form share this rule, for
    budget lines and variance explanations alike."""
    expenditure_class = values.get("expenditure_class")
    if expenditure_class is None or expenditure_class.is_valid_for(context.period):
        return {}
    name, period = label(expenditure_class), context.period.label
    start, end = expenditure_class.valid_from, expenditure_class.valid_until
    if start and end:
        message = _l("The class of expenditure “%(name)s” is not used in the budget period %(period)s: it is used "
                     "from %(start)s to %(end)s.", name=name, period=period, start=start.isoformat(),
                     end=end.isoformat())
    elif start:
        message = _l("The class of expenditure “%(name)s” is not used in the budget period %(period)s: it is used "
                     "from %(start)s.", name=name, period=period, start=start.isoformat())
    else:
        message = _l("The class of expenditure “%(name)s” is not used in the budget period %(period)s: it was used "
                     "up to %(end)s.", name=name, period=period, end=end.isoformat())
    return {"expenditure_class": message}


EXPENDITURE_CLASSES = register(RecordSpec(
    name="expenditure-classes", model=ExpenditureClass, label=_l("Class of expenditure"),
    plural=_l("Classes of expenditure"), scope=Scope.GLOBAL, entered=False,
    fields=[field_of("name", _l("Name")), field_of("code", _l("Code"))],
    key_fields=("name",), alternate_keys=("code",), order_by=("id",), choice_label=label,
    offered_when=lambda context: ExpenditureClass.used_in(context.period),
))

BUDGET_LINES = register(RecordSpec(
    name="budget-lines", model=BudgetLine, label=_l("Budget line"), plural=_l("Budget lines"), sheet="Budget lines",
    scope=Scope.PERIOD,
    fields=[
        field_of("ref", _l("Reference"), required=False, help=_l("Left empty, one is given, e.g. BL-022.")),
        field_of("expenditure_class", _l("Class of expenditure"), reference="expenditure-classes"),
        field_of("description", _l("Description")),
        field_of("component", _l("Component"), reference="components"),
        field_of("activity", _l("Activity"), reference="activities"),
    ],
    key_fields=("ref",), list_columns=("ref", "expenditure_class", "description", "component", "activity"),
    filters=("expenditure_class", "component"), search=("description", "ref"), order_by=("ref",), ref_prefix="BL",
    children=(Child("budget-amounts", "amounts", owned=True),),
    actions=(Action(_l("Amounts at every stage"), "budget_grid.amounts", "line_id"),),
    choice_label=budget_line_choice, choice_references=("expenditure_class",),
    checks=(class_used_in_the_period,),
))

BUDGET_AMOUNTS = register(RecordSpec(
    name="budget-amounts", model=BudgetAmount, label=_l("Budget amount"), plural=_l("Budget amounts"),
    sheet="Budget amounts", scope=Scope.PERIOD,
    fields=[
        field_of("line", _l("Budget line"), reference="budget-lines"),
        field_of("stage", _l("Stage")),
        field_of("amount", _l("Amount (US$)"), allow_negative=False),  # at every stage: a revision is a new amount
        field_of("source_symbol", _l("Source document"), help=_l("e.g. A/74/737/Add.11")),
        field_of("source_date", _l("Source date")),
        field_of("provenance", _l("Provenance"), required=False, help=PROVENANCE_HELP),
        field_of("source_note", _l("Source note")),
    ],
    checks=(verified_has_a_source("source_symbol"),),
    key_fields=("line", "stage"), scope_path=("line",), parent_field="line",
    list_columns=("line", "stage", "amount", "source_symbol", "provenance"), filters=("stage", "provenance"),
    search=("source_symbol", "source_note"), order_by=("id",),
    reason_rule=ReasonRule(
        applies=_changes_approved_budget,
        change_message=_l("Changing an amount of the approved budget needs a reason."),
        delete_message=_l("Deleting an amount of the approved budget needs a reason."),
        help=_l("Needed when an amount of the approved budget changes."),
    ),
))

VARIANCE_EXPLANATIONS = register(RecordSpec(
    name="variance-explanations", model=VarianceExplanation, label=_l("Variance explanation"),
    plural=_l("Variance explanations"), sheet="Variance explanations", scope=Scope.PERIOD,
    fields=[
        field_of("expenditure_class", _l("Class of expenditure"), reference="expenditure-classes",
                 offered_when=lambda _context: ExpenditureClass.id.in_(ExpenditureClass.requirement_ids())),
        field_of("report_kind", _l("Report")),
        field_of("cause", _l("Cause")),
        field_of("text", _l("Explanation")),
    ],
    key_fields=("expenditure_class", "report_kind"), list_columns=("expenditure_class", "report_kind", "cause", "text"),
    filters=("cause", "report_kind"), search=("text",), order_by=("id",), writers=VARIANCE_WRITERS,
    checks=(class_used_in_the_period, explains_a_requirement),
))

SPECS = [BUDGET_LINES, BUDGET_AMOUNTS, VARIANCE_EXPLANATIONS]
