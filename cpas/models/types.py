"""Column types that keep decimals exact on SQLite and PostgreSQL alike.

SQLite stores ``Numeric`` as a binary float without a warning, so exact quantities are stored
as scaled integers: an amount of money is a count of cents. This module is the one home of
that decision.
"""

import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from cpas.money import MoneyError, to_money


class ScaledDecimal(TypeDecorator):
    """A ``Decimal`` with a fixed number of places, stored as an integer count of units."""

    impl = sa.BigInteger
    cache_ok = True

    def __init__(self, places: int):
        super().__init__()
        self.places = places
        self.unit = Decimal(1).scaleb(-places)

    def coerce(self, value) -> Decimal:
        if isinstance(value, float):
            raise MoneyError(f"refusing float {value!r}: stored values must be exact")
        number = Decimal(value)
        if number != number.quantize(self.unit):
            raise MoneyError(f"{value!r} has more than {self.places} decimal places")
        return number

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return int(self.coerce(value).scaleb(self.places))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if type(value) is int:  # the stored count of units: shifted, it has exactly ``places`` places
            return Decimal(value).scaleb(-self.places)
        # SUM() over the column can come back as Decimal on PostgreSQL: both are exact.
        return Decimal(int(value)).scaleb(-self.places).quantize(self.unit)

    @property
    def python_type(self):
        return Decimal


class Money(ScaledDecimal):
    """US dollars exact to the cent, stored as integer cents (13 digits and more fit)."""

    cache_ok = True

    def __init__(self):
        super().__init__(places=2)

    def coerce(self, value) -> Decimal:
        return to_money(value)


class Quantity(ScaledDecimal):
    """A measured value (indicator values, output quantities): four decimals, exact."""

    cache_ok = True

    def __init__(self):
        super().__init__(places=4)


def enum_column(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum: a VARCHAR of the members' values with a named CHECK constraint."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
