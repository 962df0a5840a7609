"""Rules across the fields of one record that several record types share; a domain names them
in its specs' ``checks``. Each check takes the typed values and the entry context and returns
{attr: message} for what it refuses."""

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from cpas.models import Provenance

PROVENANCE_HELP = _l("Empty: entered. Verified only with its source document.")


def verified_has_a_source(source: str) -> Callable:
    """Only a figure that names its source (a document symbol, a publication) may be called verified."""
    def check(values, _context):
        provenance = values.get("provenance")
        if provenance is Provenance.VERIFIED and not (values.get(source) or "").strip():
            return {"provenance": _l("Only a figure with its source document may be verified: give the source, "
                                     "or keep it as entered.")}
        return {}

    return check


def dates_in_order(start: str, end: str) -> Callable:
    def check(values, _context):
        if values.get(start) and values.get(end) and values[start] > values[end]:
            return {end: _l("The end date cannot be before the start date.")}
        return {}

    return check


def dates_within_period(*attrs: str) -> Callable:
    def check(values, context):
        period = context.period
        errors = {}
        for attr in attrs:
            day = values.get(attr)
            if day and not (period.starts_on <= day <= period.ends_on):
                errors[attr] = _l("The date must fall within the budget period %(period)s (%(start)s to %(end)s).",
                                  period=period.label, start=period.starts_on.isoformat(),
                                  end=period.ends_on.isoformat())
        return errors

    return check


def number_under_parent(parent_attr: str, parent_number: Callable) -> Callable:
    """UN numbering: accomplishment 2.1 sits under component 2; indicator 2.1.1 under 2.1."""

    def check(values, _context):
        parent, number = values.get(parent_attr), values.get("number")
        if parent is None or not number:
            return {}
        prefix = f"{parent_number(parent)}."
        rest = number[len(prefix):]
        if not number.startswith(prefix) or not rest.isdigit():
            return {"number": _l("The number must be %(prefix)sN, under its parent's number.", prefix=prefix)}
        return {}

    return check


# The sign rule of measured values: a count, a rate or a share is never below zero (−3 civilian
# deaths, −5 % of a population); only a unit that measures a change or a balance may be negative:
# "change in %", "net displacement", "balance", "variation (%)", "±", in English or French.
NEGATIVE_UNIT_WORDS = re.compile(
    r"(\b(change|changes|difference|net|balance|variation|growth|évolution|écart|solde|croissance)\b|±|\+/-)",
    re.IGNORECASE)
UNIT_SIGN_HELP = _l("Values may be negative only for a unit of change or balance, e.g. “net change”.")


def unit_allows_negative(unit: str | None) -> bool:
    return bool(unit) and NEGATIVE_UNIT_WORDS.search(unit) is not None


def negative_only_where_unit_allows(value_attr: str, unit_of: Callable) -> Callable:
    """A value below zero is refused unless its unit, ``unit_of(values)``, names a change or a balance."""

    def check(values, _context):
        value = values.get(value_attr)
        unit = unit_of(values)
        if value is not None and value < 0 and not unit_allows_negative(unit):
            return {value_attr: _l("The value cannot be negative: its unit (%(unit)s) is not a change or a balance.",
                                   unit=unit or "—")}
        return {}

    return check
