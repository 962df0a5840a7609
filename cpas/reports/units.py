"""The money unit of report tables: thousands of dollars, as UN tables print, or whole dollars.

One reading of the reader's choice (``?unit=dollars`` on a page, ``--unit dollars`` on the command
line) and one caption stating the unit, for pages and workbooks alike.
"""

from decimal import Decimal

from cpas.money import THOUSAND
from cpas.reports.translator import Translator

THOUSANDS = "thousands"
DOLLARS = "dollars"
UNIT_CHOICES = (THOUSANDS, DOLLARS)


def money_unit(choice: str | None) -> Decimal:
    """The unit a reader chose: whole dollars for ``"dollars"``, else thousands."""
    return Decimal(1) if choice == DOLLARS else THOUSAND


def units_caption(unit: Decimal, translator: Translator) -> str:
    """The line UN tables print above their figures: "(Thousands of United States dollars)"."""
    if unit == THOUSAND:
        return translator.gettext("(Thousands of United States dollars)")
    if unit == 1:
        return translator.gettext("(United States dollars)")
    raise ValueError(f"no caption for a money unit of {unit}")
