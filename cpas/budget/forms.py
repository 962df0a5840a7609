"""The form of a class of expenditure an administrator adds: its group, name, code (derived from
the name when left empty), the budget period it is used from, and the class it succeeds."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from cpas.budget.services import CLASS_NAME_LENGTH
from cpas.labels import label
from cpas.models import BudgetPeriod, ExpenditureGroup


class NewClassForm(FlaskForm):
    group = SelectField(_l("Group"), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=CLASS_NAME_LENGTH)],
                       description=_l("As the UN's budget documents name it, e.g. National Professional Officers."))
    code = StringField(_l("Code"), validators=[Length(max=60)],
                       description=_l("Left empty, it is derived from the name, e.g. national_professional_officers."))
    valid_from = SelectField(_l("Used from the budget period"), validators=[DataRequired()])
    predecessor = SelectField(_l("Succeeds the class"), description=_l(
        "Optional. The class it replaces, in part or whole: that class is used up to the period before, and "
        "the financial table compares its figures with those of its successors."))

    def set_choices(self, groups: list[ExpenditureGroup], periods: list[BudgetPeriod]) -> None:
        """The choices, labelled in the reader's language: groups, periods, and every class. The
        items below gross requirements are fixed by the UN's layout, each with its own derived
        row (net, total requirements): no class is added to their group, nor succeeds them."""
        groups = [group for group in groups if not group.below_gross]
        self.group.choices = [(str(group.id), f"{group.numeral}. {label(group)}") for group in groups]
        self.valid_from.choices = [(str(period.id), period.label) for period in periods]
        self.predecessor.choices = [("", _l("None"))] + [
            (str(each.id), f"{group.numeral}. {label(each)}") for group in groups for each in group.classes]
