"""How numbers and dates print on pages, in the user's language.

Figures keep their cents in the data; pages show whole dollars or thousands, as UN tables do.
"""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern
from babel.numbers import format_percent as format_percent_babel
from flask import Flask
from flask_babel import get_locale

from cpas.money import round_to


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    """A number pattern parsed once: Babel parses the pattern it is given at every call, a third of
    the time of formatting a number, and a page formats thousands."""
    return parse_pattern(pattern)


# A table's amount, a negative one in parentheses as UN financial tables print it: (3,721).
AMOUNT_PATTERN = "#,##0;(#,##0)"


def format_amount(amount: Decimal | None, unit: Decimal = Decimal(1)) -> str:
    """An amount in whole units (dollars, or thousands with ``unit=1000``), grouped by thousands,
    a negative one in parentheses."""
    if amount is None:
        return "—"
    rounded = round_to(amount, unit)
    if not rounded:
        rounded = abs(rounded)  # −$0.40 rounds to a nil, not to "(0)"
    return format_decimal(rounded, format=_pattern(AMOUNT_PATTERN), locale=get_locale())


def format_dollars(amount: Decimal | None) -> str:
    """An amount in a sentence, in whole dollars: ``$1,138,457,900``, ``1 138 457 900 $US``."""
    if amount is None:
        return "—"
    locale = get_locale()
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(round_to(amount), "USD", format=_pattern(pattern), locale=locale, currency_digits=False)


def format_percent(value: Decimal | None) -> str:
    """``0.98%`` in English, ``0,98 %`` in French, from a value already in per cent."""
    if value is None:
        return "—"
    locale = get_locale()
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.00")
    return format_percent_babel(value / 100, format=_pattern(pattern), locale=locale, decimal_quantization=True)


def format_table_percent(value: Decimal | None) -> str:
    """A percentage in a table, a negative one in parentheses as its amount beside it: (0.67%)."""
    if value is not None and value < 0:
        return f"({format_percent(-value)})"
    return format_percent(value)


def format_quantity(value: Decimal | None) -> str:
    """A measured value without trailing zeros: 815, 12.5."""
    if value is None:
        return "—"
    return format_decimal(value.normalize(), format=_pattern("#,##0.####"), locale=get_locale())


def format_count(value: int | None) -> str:
    """A count with the locale's thousands separator: 12,345 (12 345 in French)."""
    if value is None:
        return "—"
    return format_decimal(value, format=_pattern("#,##0"), locale=get_locale())


def format_signed(value: Decimal | None) -> str:
    """A change with its sign, e.g. +744 or −21 (a real minus sign)."""
    if value is None:
        return "—"
    shown = format_quantity(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else shown


def format_average(value: Decimal | None) -> str:
    """A mean with one decimal: 3.5 (3,5 in French)."""
    if value is None:
        return "—"
    return format_decimal(value, format=_pattern("#,##0.0"), locale=get_locale(), decimal_quantization=True)


def format_day(value: date | None) -> str:
    if value is None:
        return "—"
    return _day(value, get_locale())


DAY_PATTERN = "d MMM y"


@lru_cache(maxsize=4096)
def _day(value: date, locale: Locale) -> str:
    """A day in a language, day first as UN documents write it ("1 Jul 2019", "1 juil. 2019"; the
    English locale's own medium form is the American "Jul 1, 2019"), formatted once: tables print
    the same dates (a monthly indicator's months) hundreds of times, at a dozen microseconds each."""
    return babel_format_date(value, DAY_PATTERN, locale=locale)


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        amount=format_amount,
        dollars=format_dollars,
        percent=format_percent,
        table_percent=format_table_percent,
        quantity=format_quantity,
        count=format_count,
        signed=format_signed,
        day=format_day,
        average=format_average,
    )


class PageFormats:
    """The formats above, each value formatted once per page: a page of a thousand indicators
    formats the same dates and figures thousands of times, and the language of a page does not
    change while it is drawn."""

    def __init__(self):
        self._formatted: dict = {}

    def _once(self, function, value, *arguments) -> str:
        if value is None:
            return function(value, *arguments)
        key = (function, type(value), value, arguments)
        if key not in self._formatted:
            self._formatted[key] = function(value, *arguments)
        return self._formatted[key]

    def amount(self, amount: Decimal | None, unit: Decimal = Decimal(1)) -> str:
        return self._once(format_amount, amount, unit)

    def dollars(self, amount: Decimal | None) -> str:
        return self._once(format_dollars, amount)

    def percent(self, value: Decimal | None) -> str:
        return self._once(format_percent, value)

    def quantity(self, value: Decimal | None) -> str:
        return self._once(format_quantity, value)

    def day(self, value: date | None) -> str:
        return self._once(format_day, value)
