"""Money is exact to the cent on both databases and never passes through a float."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cpas.exports.xlsx import workbook_bytes, write_value
from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, ExpenditureClass, Mission
from cpas.money import MoneyError, percent, round_to, to_money
from cpas.workbook.reader import read_sheets

THIRTEEN_DIGIT_AMOUNTS = [Decimal("9876543210987.65"), Decimal("1234567890123.45"), Decimal("1000000000000.01")]


def test_thirteen_digit_amounts_store_and_sum_exactly(db):
    mission = Mission(code="TEST", name="Test mission", country="Nowhere")
    period = BudgetPeriod(label="2030/31", starts_on=date(2030, 7, 1), ends_on=date(2031, 6, 30))
    classes = db.scalars(select(ExpenditureClass).order_by(ExpenditureClass.id).limit(3)).all()
    db.add_all([mission, period])
    db.flush()
    for expenditure_class, amount in zip(classes, THIRTEEN_DIGIT_AMOUNTS, strict=True):
        line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=expenditure_class.id,
                          ref=f"M-{expenditure_class.id}")
        line.amounts.append(BudgetAmount(stage=BudgetStage.APPROVED, amount=amount))
        db.add(line)
    db.commit()
    db.expunge_all()

    stored = db.scalars(select(BudgetAmount.amount).order_by(BudgetAmount.id)).all()
    total = db.scalar(select(func.sum(BudgetAmount.amount)))
    assert stored == THIRTEEN_DIGIT_AMOUNTS
    assert total == Decimal("12111111101111.11")
    assert isinstance(total, Decimal)


def test_thirteen_digit_amounts_keep_their_cents_in_a_spreadsheet_and_longer_ones_are_refused():
    """A spreadsheet cell holds a double: exact to the cent up to 15 significant digits, that is
    below ten trillion. Nothing bounds an amount below that, so the export refuses what a cell
    cannot hold rather than write another figure."""
    sheet = Workbook().active
    for row, amount in enumerate(THIRTEEN_DIGIT_AMOUNTS, start=1):
        write_value(sheet, row, 1, amount)
    assert [row[0].value for row in read_sheets(workbook_bytes(sheet.parent))["Sheet"]] == THIRTEEN_DIGIT_AMOUNTS
    with pytest.raises(ValueError, match="more than 15 significant digits"):
        write_value(sheet, 4, 1, sum(THIRTEEN_DIGIT_AMOUNTS))  # 12111111101111.11: 16 digits


def test_a_float_amount_is_refused_before_it_reaches_the_database(db):
    line_amount = BudgetAmount(stage=BudgetStage.APPROVED, amount=0.1)
    mission = Mission(code="FLOAT", name="Float", country="Nowhere")
    db.add(mission)
    db.add(line_amount)
    with pytest.raises(Exception, match="float"):
        db.flush()
    db.rollback()
    assert db.scalar(select(func.count(Mission.id))) == 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,234,567.89", Decimal("1234567.89")), ("1234567", Decimal("1234567.00")), (" 12.5 ", Decimal("12.50")),
     (1138457900, Decimal("1138457900.00")), (Decimal("0.01"), Decimal("0.01"))],
)
def test_to_money_accepts_what_officers_type(typed, expected):
    assert to_money(typed) == expected


@pytest.mark.parametrize("bad", [0.1, "1.234", "12,34.5x", "NaN", "Infinity", "", True, None])
def test_to_money_refuses_floats_extra_decimals_and_non_numbers(bad):
    with pytest.raises(MoneyError):
        to_money(bad)


def test_rounding_is_half_up_in_one_place():
    assert round_to(Decimal("1138457900.50")) == Decimal("1138457901")
    assert round_to(Decimal("11320900"), Decimal(1000)) == Decimal("11321")
    assert round_to(Decimal("-2.5")) == Decimal("-3")


def test_percent_is_none_for_a_zero_base():
    assert percent(Decimal("11320900"), Decimal("1149778800")) == Decimal("0.98")
    assert percent(Decimal("5"), Decimal("0")) is None
