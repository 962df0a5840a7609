"""The Decimal policy: every amount of money in the app passes through here.

Money is ``Decimal`` exact to the cent. Floats are refused wherever they appear, because a
float cannot hold 0.10 and a budget of 13 digits loses its cents in one.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
THOUSAND = Decimal(1000)
# The largest amount kept to the cent everywhere it goes: a spreadsheet cell holds a double, which
# keeps 15 significant digits (the largest mission budget is about 1.5e9 dollars).
MAX_AMOUNT = Decimal("9999999999999.99")


class MoneyError(ValueError):
    """A value that cannot be an amount of money."""


def to_money(value) -> Decimal:
    """Turn an int, a ``Decimal`` or a numeric string into an exact amount with two decimals.

    Refuses floats and more than two decimal places: rounding an entered figure silently would
    change what the user typed.
    """
    if isinstance(value, (bool, float)):
        raise MoneyError(f"refusing {type(value).__name__} {value!r}: money must be exact")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation as exc:
            raise MoneyError(f"not an amount: {value!r}") from exc
    else:
        raise MoneyError(f"not an amount: {value!r}")
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(f"more than two decimals: {value!r}")
    return amount.quantize(CENT)


def round_to(amount: Decimal, unit: Decimal = Decimal(1)) -> Decimal:
    """Round half up to a unit (1 for whole dollars, 1000 for thousands): the one rounding rule."""
    return (amount / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """``amount`` in ``parts`` shares to the cent that add up to it exactly: the cents left over
    go one each to the first shares (100.00 in three: 33.34, 33.33, 33.33)."""
    if parts < 1:
        raise ValueError("an amount is split into one share at least")
    cents = int(to_money(amount) * 100)
    share, left_over = divmod(cents, parts)
    return [(Decimal(share + (1 if index < left_over else 0)) / 100).quantize(CENT) for index in range(parts)]


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to two decimals; None where ``whole`` is zero."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)
