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
    # How often an indicator is measured, as typed ("Yearly"), in a sentence: "yearly", "annuel".
    frequency: Callable[[str | None], str] = lambda text: (text or "").strip().lower()


def remembering(translator: Translator) -> Translator:
    """The same translator, remembering each message and label it gave: a report of a thousand
    indicators writes the same words thousands of times, and a language does not change within
    one report."""
    messages: dict = {}
    labels: dict = {}

    def gettext(message: str, **variables) -> str:
        try:
            key = (message, tuple(sorted(variables.items())))
            if key not in messages:
                messages[key] = translator.gettext(message, **variables)
            return messages[key]
        except TypeError:  # a variable that cannot be a key
            return translator.gettext(message, **variables)

    def label(value) -> str:
        try:
            if value not in labels:
                labels[value] = translator.label(value)
            return labels[value]
        except TypeError:
            return translator.label(value)

    return Translator(gettext=gettext, label=label, dollars=translator.dollars, percent=translator.percent,
                      day=translator.day, frequency=translator.frequency)
