"""How one value of a record is typed, read and checked: the same rules for forms and workbooks,
so that a figure refused on screen is refused in an upload with the same message."""

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l

from cpas.formatting import format_count
from cpas.money import MAX_AMOUNT, MoneyError, to_money
from cpas.text import first_unwritable, says_something

# Bounds of the other numbers: a quantity keeps four decimals within 15 significant digits (a
# spreadsheet's double); a whole number fits the database's 32-bit integer columns.
MAX_QUANTITY = Decimal("99999999999.9999")
MAX_INTEGER = 2_147_483_647
# The most text one Excel cell holds. Every text field is held to it, or to less where its column
# or its domain says so, so that the data workbook holds every text whole (a longer one would be
# cut there) and its re-import loses nothing. Counted as Excel and a browser's maxlength count:
# in UTF-16 code units (an emoji counts two), a line break as one.
MAX_TEXT_LENGTH = 32_767
# A reason for a change, or a comment on an assessment's step: a paragraph or two, which history
# pages show in full.
MAX_REASON_LENGTH = 4_000


class Kind(enum.Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    MONEY = "money"
    QUANTITY = "quantity"
    INTEGER = "integer"
    DATE = "date"
    ENUM = "enum"
    REFERENCE = "reference"  # another record, by its key
    MULTI_REFERENCE = "multi_reference"  # several records, keys separated by ";"

    @property
    def is_numeric(self) -> bool:
        return self in (Kind.MONEY, Kind.QUANTITY, Kind.INTEGER)


class FieldError(ValueError):
    """A value that cannot be accepted; ``message`` is shown next to the field or cell."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class FieldSpec:
    attr: str
    label: object  # a lazy string
    kind: Kind = Kind.TEXT
    required: bool = False
    enum_class: type[enum.Enum] | None = None
    reference: str | None = None  # the RecordSpec name a reference points to
    allow_negative: bool = False
    # The longest text a text field takes (ignored by the other kinds): Excel's cell limit unless
    # the column's length or the domain declares less.
    max_length: int = MAX_TEXT_LENGTH
    help: object = ""
    in_form: bool = True
    # The values a text field may hold, from the context: (value, shown) pairs (a mission's
    # regions). Forms offer them as a choice list, lists filter by them, workbooks as a drop-down
    # list, and anything else is refused (``choose``); none given (a mission without regions
    # recorded): the field is free text.
    choices: object = None
    # A text field holding several of its choices, separated by this (an activity's regions, ", ").
    choice_separator: str | None = None
    # Narrows the records a reference field offers, beside its type's own ``offered_when``:
    # (context) -> an SQL condition (a variance is explained for a class of the requirements only).
    offered_when: object = None
    # What an optional field left empty stands for: its column's default (a position of 0, an
    # indicator whose regions do not add up), else nothing.
    blank_value: object = None
    # Whether the record owning the field is kept across budget periods (an impact indicator),
    # rather than belonging to one (an activity): set from its record type's scope.
    owner_outlives_period: bool = False

    def __post_init__(self):
        if not 0 < self.max_length <= MAX_TEXT_LENGTH:
            raise ValueError(f"{self.attr}: a text holds 1 to {MAX_TEXT_LENGTH} characters, not {self.max_length}")


def plain_line_breaks(text: str) -> str:
    """Line breaks as one "\\n", as a workbook gives them back (a form sends "\\r\\n")."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_length(text: str) -> int:
    """The length of a text as Excel counts it: in UTF-16 code units, a line break as one."""
    return len(plain_line_breaks(text).encode("utf-16-le")) // 2


def check_length(text: str, limit: int) -> None:
    """FieldError naming the limit (and the text's length) when ``text`` is longer than ``limit``."""
    length = text_length(text)
    if length > limit:
        raise FieldError(_l("At most %(limit)s characters: this text has %(length)s.",
                            limit=format_count(limit), length=format_count(length)))


# How a number may be typed, by language. English: thousands grouped by commas (or spaces), a point
# before the decimals, 1,234,567.89. French: thousands grouped by a space (a no-break or a narrow
# no-break space too, as pages print them), a comma before the decimals, 1 234 567,89; a point is
# refused there, because 1.234 is a thousand and more to some and one and a bit to others. A comma
# in French is always the decimal mark: 1,234 is 1.234 (refused as an amount: more than two
# decimals). Workbooks hold real numbers and are read without a language.
SPACES = " \u00a0\u202f"
# Digits are ASCII only: Python would read ١٢٣ or fullwidth １２３ as 123, which no other part of the
# app (Excel, the pages, PostgreSQL) would, so such a figure could never be checked.
ENGLISH_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
FRENCH_NUMBER = re.compile(rf"[+-]?([0-9]{{1,3}}([{SPACES}][0-9]{{3}})+|[0-9]+)(,[0-9]+)?")


def language_of(locale) -> str:
    """"fr" for fr, fr_FR or a babel Locale of French; "en" for anything else or no locale."""
    return "fr" if str(locale or "").split("_")[0].split("-")[0].lower() == "fr" else "en"


def _exact_decimal(raw, locale=None) -> Decimal:
    """A Decimal from what a user typed (in the forms of ``locale``'s language) or a workbook held;
    floats are refused outright."""
    if isinstance(raw, (bool, float)):
        raise FieldError(_l("Enter a number."))
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    text = str(raw).strip().replace("\u2212", "-")  # the minus sign pages print
    if language_of(locale) == "fr":
        if FRENCH_NUMBER.fullmatch(text) is None:
            raise FieldError(_l("Enter a number such as 1 234 567,89 or 1234567."))
        text = re.sub(f"[{SPACES}]", "", text).replace(",", ".")
    else:
        text = re.sub(f"[{SPACES}]", "", text)
        if ENGLISH_NUMBER.fullmatch(text) is None:
            raise FieldError(_l("Enter a number such as 1,234,567.89 or 1234567."))
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise FieldError(_l("Enter a number.")) from error


def _to_cents(number: Decimal) -> Decimal:
    try:
        return to_money(number)
    except MoneyError as error:
        raise FieldError(_l("An amount has at most two decimals (cents).")) from error


def _to_four_decimals(number: Decimal) -> Decimal:
    if number != number.quantize(Decimal("0.0001")):
        raise FieldError(_l("At most four decimals."))
    return number


def _to_whole(number: Decimal) -> int:
    if number != number.to_integral_value():
        raise FieldError(_l("Enter a whole number."))
    return int(number)


@dataclass(frozen=True)
class NumberRule:
    """How a kind of number is bounded, made exact, and refused below zero."""

    limit: Decimal
    too_large: object
    exact: object  # Decimal -> the stored value, or FieldError
    negative: object


NUMBER_RULES = {
    Kind.MONEY: NumberRule(MAX_AMOUNT, _l("An amount is at most %(limit)s.", limit="9,999,999,999,999.99"),
                           _to_cents, _l("An amount cannot be negative here.")),
    Kind.QUANTITY: NumberRule(MAX_QUANTITY, _l("A value is at most %(limit)s.", limit="99,999,999,999.9999"),
                              _to_four_decimals, _l("The value cannot be negative.")),
    Kind.INTEGER: NumberRule(Decimal(MAX_INTEGER), _l("A whole number is at most %(limit)s.", limit="2,147,483,647"),
                             _to_whole, _l("The value cannot be negative.")),
}


def _parse_number(field: FieldSpec, raw, locale=None):
    rule = NUMBER_RULES[field.kind]
    number = _exact_decimal(raw, locale)
    if abs(number) > rule.limit:  # before any arithmetic: 40 digits would overflow it
        raise FieldError(rule.too_large)
    value = rule.exact(number)
    if value < 0 and not field.allow_negative:
        raise FieldError(rule.negative)
    return value


def is_blank(raw) -> bool:
    """Nothing entered: no value, or a text of nothing but spaces and invisible characters."""
    return raw is None or (isinstance(raw, str) and not says_something(raw))


def check_writable(text: str) -> None:
    """FieldError naming the first character that no workbook could hold (a control character
    pasted from another program, say): saved, it would make every export of the mission unreadable."""
    character = first_unwritable(text)
    if character is not None:
        raise FieldError(_l("This text holds an invisible control character (U+%(code)s) that cannot be saved: "
                            "delete it, or type the text again.", code=f"{ord(character):04X}"))


def parse_value(field: FieldSpec, raw, references: dict | None = None, locale=None):
    """The typed value of ``raw`` for ``field``, or FieldError. ``references`` maps the keys of
    the records a reference may point to onto those records; ``locale`` is the language a number
    was typed in (None: a workbook's, or a plain 1234567.89)."""
    if is_blank(raw):
        if field.required:
            raise FieldError(_l("This field is required."))
        if field.kind in (Kind.TEXT, Kind.LONG_TEXT):
            return ""
        return [] if field.kind is Kind.MULTI_REFERENCE else field.blank_value
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        if isinstance(raw, float):
            raise FieldError(_l("Enter text."))
        text = plain_line_breaks(str(raw)).strip()
        check_length(text, field.max_length)
        check_writable(text)
        return text
    if kind.is_numeric:
        return _parse_number(field, raw, locale)
    if kind is Kind.DATE:
        return _parse_date(raw)
    if kind is Kind.ENUM:
        return _parse_enum(field, raw)
    if kind is Kind.REFERENCE:
        return _lookup(str(raw).strip(), references or {})
    if kind is Kind.MULTI_REFERENCE:
        keys = [key.strip() for key in str(raw).split(";") if key.strip()]
        return [_lookup(key, references or {}) for key in dict.fromkeys(keys)]
    raise AssertionError(f"unknown kind {kind}")


def offered_choices(field: FieldSpec, context) -> list[tuple[str, str]]:
    """The (value, shown) choices a text field offers in ``context``; [] where it is free text."""
    return list(field.choices(context)) if field.choices is not None else []


def chosen_parts(field: FieldSpec, value) -> list[str]:
    """The choices a stored or typed value names: one, or several where the field holds several."""
    text = str(value or "").strip()
    if not text:
        return []
    if field.choice_separator is None:
        return [text]
    return [part.strip() for part in text.split(field.choice_separator.strip()) if part.strip()]


def _folded(text: str) -> str:
    """A spelling compared whatever its case and accents: "segou" is "Ségou"."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def choose(field: FieldSpec, value: str, offered: list[tuple[str, str]], kept=()) -> str:
    """``value`` (one choice, or several joined by the field's separator) spelled as the choices
    spell it, or FieldError naming what is allowed. A value already on the record (``kept``) stays
    even where it is no longer offered (a region since renamed): none can be added."""
    parts = chosen_parts(field, value)
    if not parts or not offered:
        return value
    allowed = {_folded(choice): choice for choice, _shown in offered}
    allowed.update({_folded(part): part for part in kept})
    unknown = [part for part in parts if _folded(part) not in allowed]
    if unknown:
        raise FieldError(_l("Not a choice for %(field)s: %(values)s. Choose among %(choices)s.",
                            field=field.label, values=", ".join(unknown),
                            choices=", ".join(str(shown) for _choice, shown in offered)))
    chosen = list(dict.fromkeys(allowed[_folded(part)] for part in parts))
    return (field.choice_separator or "").join(chosen)


def _parse_date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise FieldError(_l("Enter a date as YYYY-MM-DD, e.g. 2019-07-01."))


def _parse_enum(field: FieldSpec, raw):
    from cpas.labels import label

    text = str(raw).strip().lower()
    # By its code first (as the workbook writes it), then by its label in the user's language:
    # a label is a translation looked up each time, and an import reads thousands of codes.
    for member in field.enum_class:
        if text in (member.value, member.name.lower()):
            return member
    for member in field.enum_class:
        if text == label(member).lower():
            return member
    choices = ", ".join(member.value for member in field.enum_class)
    raise FieldError(_l("Choose one of: %(choices)s.", choices=choices))


def _lookup(key: str, references: dict):
    try:
        return references[key]
    except KeyError:
        raise FieldError(_l("Unknown key: %(key)s.", key=key)) from None


# How a form or grid shows a number for typing over: every decimal kept, thousands grouped.
INPUT_PATTERNS = {Kind.MONEY: "#,##0.00", Kind.QUANTITY: "#,##0.####"}


def display_value(field: FieldSpec, value, locale=None) -> str:
    """A value as forms and grids show it in ``locale``'s language (money and quantities grouped
    by thousands, as parse_value reads them back unchanged), or without a language as the audit
    trail keeps it (exact, ungrouped)."""
    from cpas.labels import label

    if value is None:
        return ""
    if locale is not None and field.kind in INPUT_PATTERNS:
        return format_decimal(value, INPUT_PATTERNS[field.kind], locale=language_of(locale),
                              decimal_quantization=False)
    if field.kind is Kind.ENUM:
        return value.value
    if field.kind is Kind.DATE:
        return value.isoformat()
    if field.kind is Kind.QUANTITY:
        return format(value.normalize(), "f")
    if field.kind is Kind.MONEY:
        return format(value, "f")
    return label(value) if isinstance(value, enum.Enum) else str(value)
