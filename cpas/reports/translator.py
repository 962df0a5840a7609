"""The words and number formats that report builders write with.

Builders take a ``Translator`` instead of reaching for Flask-Babel, so that they run anywhere: a
page, the command line, a test with no app at all. The caller chooses the language
(``cpas.reports.app_settings`` gives the reader's).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class Translator:
    # A message in the language, its %(name)s placeholders filled:
    # gettext("Apportionment (%(period)s)", period="2018/19").
    gettext: Callable[..., str]
    # What an enum member or a reference record (a class of expenditure) is called.
    label: Callable[[object], str]
    # An amount in a sentence, in whole dollars: "$1,138,457,900".
    dollars: Callable[[Decimal | None], str]
    # A value already in per cent: "0.98%".
    percent: Callable[[Decimal | None], str]
    # A date in a sentence: "30 Jun 2020" (ISO, 2020-06-30, unless the language says otherwise).
    day: Callable[[date | None], str] = lambda value: value.isoformat() if value else "—"
