"""Numbers as users type them: every number has a stated maximum (the maximum is kept exactly on
both databases, one past it is refused with a message next to the field, wherever it is typed),
French users type French numbers, and values that cannot be negative are refused below zero."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import func, select

import cpas.record_types  # noqa: F401  every record type registered
from cpas.entry.fields import MAX_INTEGER, MAX_QUANTITY, NUMBER_RULES, FieldError, Kind, parse_value
from cpas.entry.spec import SPECS
from cpas.incidents.services import import_incidents
from cpas.models import (
    AuditEntry,
    BudgetAmount,
    BudgetStage,
    Component,
    DataPoint,
    ImpactIndicator,
    IndicatorTarget,
    Mission,
    Post,
)
from cpas.money import MAX_AMOUNT
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state
from tests.test_grids import grid_form, line_of
from tests.test_incident_import import current_file, current_row
from tests.test_workbook import edited, export

BASE = "/m/MINUSMA/2019-20"
HUGE = "99999999999999999999"  # the number of the issue: an OverflowError from SQLite, a 500
MAXIMUM = {Kind.MONEY: MAX_AMOUNT, Kind.QUANTITY: MAX_QUANTITY, Kind.INTEGER: Decimal(MAX_INTEGER)}
ONE_PAST = {Kind.MONEY: MAX_AMOUNT + Decimal("0.01"), Kind.QUANTITY: MAX_QUANTITY + Decimal("0.0001"),
            Kind.INTEGER: Decimal(MAX_INTEGER + 1)}
TOO_LARGE = {Kind.MONEY: "An amount is at most 9,999,999,999,999.99.",
             Kind.QUANTITY: "A value is at most 99,999,999,999.9999.",
             Kind.INTEGER: "A whole number is at most 2,147,483,647."}
NUMBER_FIELDS = [(spec.name, field.attr) for spec in SPECS.values() for field in spec.fields if field.kind.is_numeric]


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def page_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("spec_name", "attr"), NUMBER_FIELDS)
def test_every_number_field_takes_its_maximum_and_refuses_one_past_it(app, spec_name, attr):
    field = SPECS[spec_name].field(attr)
    with app.test_request_context():
        assert parse_value(field, format(MAXIMUM[field.kind], "f")) == MAXIMUM[field.kind]
        for beyond in (format(ONE_PAST[field.kind], "f"), HUGE, "1" + "0" * 40, int(HUGE)):
            with pytest.raises(FieldError) as refused:
                parse_value(field, beyond)
            assert str(refused.value.message) == TOO_LARGE[field.kind] == str(NUMBER_RULES[field.kind].too_large)


def amount_form(amount, stage="revised", line="BL-001"):
    return {"line": line, "stage": stage, "amount": amount, "provenance": "entered"}


def test_a_form_keeps_the_largest_amount_exactly_and_refuses_one_cent_more(officer, db):
    before = database_state(db)
    for typed in ("10,000,000,000,000.00", HUGE):
        refused = officer.post(f"{BASE}/records/budget-amounts/new", data=amount_form(typed))
        assert refused.status_code == 200 and TOO_LARGE[Kind.MONEY] in page_of(refused)
    assert database_state(db) == before
    saved = officer.post(f"{BASE}/records/budget-amounts/new", data=amount_form("9,999,999,999,999.99"))
    assert saved.status_code == 302
    db.expire_all()
    assert db.scalar(select(BudgetAmount.amount).where(BudgetAmount.stage == BudgetStage.REVISED)) == MAX_AMOUNT


def test_a_form_keeps_the_largest_whole_number_and_refuses_one_more(officer, db):
    before = database_state(db)
    for typed in ("2147483648", HUGE):
        refused = officer.post(f"{BASE}/records/components/new", data={"number": typed, "name": "Too many"})
        assert refused.status_code == 200 and TOO_LARGE[Kind.INTEGER] in page_of(refused)
    assert database_state(db) == before
    saved = officer.post(f"{BASE}/records/components/new", data={"number": "2147483647", "name": "The last"})
    assert saved.status_code == 302
    assert db.scalar(select(Component.number).where(Component.name == "The last")) == MAX_INTEGER


def test_a_form_keeps_the_largest_quantity_and_refuses_one_past_it(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    target = {"indicator": indicator.code, "target_on": "2021-06-30", "provenance": "entered"}
    before = database_state(db)
    for typed in ("99999999999.99991", "100,000,000,000", HUGE):
        refused = officer.post(f"{BASE}/records/indicator-targets/new", data={**target, "value": typed})
        assert refused.status_code == 200
        assert TOO_LARGE[Kind.QUANTITY] in page_of(refused) or "At most four decimals." in page_of(refused)
    assert database_state(db) == before
    saved = officer.post(f"{BASE}/records/indicator-targets/new", data={**target, "value": "99,999,999,999.9999"})
    assert saved.status_code == 302
    db.expire_all()
    assert MAX_QUANTITY in db.scalars(select(IndicatorTarget.value)).all()


def test_the_budget_grid_keeps_the_largest_amount_and_refuses_one_cent_more(officer, db):
    line = line_of(db)
    before = database_state(db)
    for typed in ("10000000000000", HUGE):
        refused = officer.post(f"{BASE}/grids/budget-lines/{line.id}", data=grid_form(line, officer, revised=typed))
        assert refused.status_code == 200
        assert "Nothing was saved" in page_of(refused) and TOO_LARGE[Kind.MONEY] in page_of(refused)
    assert database_state(db) == before
    saved = officer.post(f"{BASE}/grids/budget-lines/{line.id}",
                         data=grid_form(line, officer, revised="9999999999999.99"))
    assert saved.status_code == 302
    db.expire_all()
    assert {a.stage: a.amount for a in line_of(db).amounts}[BudgetStage.REVISED] == MAX_AMOUNT


def test_the_indicator_grid_keeps_the_largest_value_and_refuses_one_past_it(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    saved_cells = {"cell-0-0": "71", "cell-0-1": "192", "cell-0-2": "815"}
    before = database_state(db)
    for typed in ("100000000000", HUGE):
        refused = officer.post(f"{BASE}/grids/impact-indicators/{indicator.id}", data=indicator_grid_form(
            officer, indicator, **saved_cells, new_date="2019-12-31", **{"cell-0-3": typed}))
        assert refused.status_code == 200
        assert "Nothing was saved" in page_of(refused) and TOO_LARGE[Kind.QUANTITY] in page_of(refused)
    assert database_state(db) == before
    saved = officer.post(f"{BASE}/grids/impact-indicators/{indicator.id}", data=indicator_grid_form(
        officer, indicator, **saved_cells, new_date="2019-12-31", **{"cell-0-3": "99999999999.9999"}))
    assert saved.status_code == 302
    assert MAX_QUANTITY in db.scalars(select(DataPoint.value)).all()


def test_the_workbook_keeps_the_largest_numbers_and_refuses_one_past_them(db, demo):
    exported = export(db)
    before = database_state(db)

    def too_large(book):
        book["Budget amounts"]["D3"] = ONE_PAST[Kind.MONEY]
        book["Budget amounts"]["D4"] = int(HUGE)
        book["Posts"]["D2"] = MAX_INTEGER + 1

    refused = import_workbook(db, edited(exported, too_large), None, apply=True)
    assert not refused.applied
    assert {(p.sheet, p.row, p.column_letter, str(p.message)) for p in refused.problems} == {
        ("Budget amounts", 3, "D", TOO_LARGE[Kind.MONEY]), ("Budget amounts", 4, "D", TOO_LARGE[Kind.MONEY]),
        ("Posts", 2, "D", TOO_LARGE[Kind.INTEGER])}
    assert database_state(db) == before

    def largest(book):
        book["Budget amounts"]["D3"] = MAX_AMOUNT
        book["Posts"]["D2"] = MAX_INTEGER

    saved = import_workbook(db, edited(exported, largest), None, apply=True)
    assert saved.problems == [] and saved.applied
    db.commit()
    assert MAX_AMOUNT in db.scalars(select(BudgetAmount.amount)).all()
    assert MAX_INTEGER in db.scalars(select(Post.approved_count)).all()


def test_the_command_line_import_refuses_a_number_past_its_maximum(runner, db, demo, tmp_path):
    bad = tmp_path / "huge.xlsx"
    bad.write_bytes(edited(export(db), lambda book: book["Budget amounts"].__setitem__("D3", int(HUGE))))
    before = database_state(db)
    result = runner.invoke(args=["cpas", "data-import", str(bad)])
    assert result.exit_code != 0
    assert f"Budget amounts, row 3, column D: {TOO_LARGE[Kind.MONEY]}" in result.output
    assert database_state(db) == before


@pytest.mark.parametrize("fatalities", [HUGE, "9223372036854775808", "100001"])
def test_an_incident_file_refuses_fatalities_past_the_limit(db, demo, fatalities):
    """20 digits overflowed a 64-bit integer (a 500); 19 wrapped round to a negative count."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    before = database_state(db)
    result = import_incidents(db, mission, current_file(current_row(fatalities=fatalities)), file_name="big.csv",
                              user=None, apply=True)
    assert not result.applied
    assert [str(problem.message) for problem in result.problems] == [
        f"{fatalities} fatalities in one event is above the limit of 100,000: check the figure."]
    assert database_state(db) == before
    kept = import_incidents(db, mission, current_file(current_row(fatalities="100000")), file_name="max.csv",
                            user=None, apply=True)
    assert kept.applied and kept.problems == []


@pytest.mark.parametrize("path", [f"/records/budget-amounts/{HUGE}", f"/records/budget-amounts/{HUGE}/edit",
                                  f"/records/budget-amounts/{HUGE}/history", f"/grids/budget-lines/{HUGE}",
                                  f"/grids/impact-indicators/{HUGE}", "/records/budget-amounts/2147483648"])
def test_a_record_number_past_the_largest_id_in_an_address_is_not_found(officer, path):
    assert officer.get(BASE + path).status_code == 404


def test_a_page_key_past_the_largest_id_shows_the_first_page(officer):
    first = page_of(officer.get(f"{BASE}/records/budget-amounts/"))
    total = int(re.search(r"Records 1 to 50 of (\d+)", first).group(1))  # the demo's 2019/20 amounts
    assert total > 50
    for query in (f"after={HUGE}", f"before={HUGE}", f"page={HUGE}", "after=2147483647", "after=-1", "after=١٢"):
        page = page_of(officer.get(f"{BASE}/records/budget-amounts/?{query}"))
        assert f"{total} records" in page and f"Records 1 to 50 of {total}" in page, query


# Item 10: French numbers.

class FormFields(HTMLParser):
    """What a browser would send back of a page's form untouched: its inputs, selects and text areas."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and "disabled" not in attrs:
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(response) -> dict:
    parser = FormFields()
    parser.feed(page_of(response))
    return parser.fields


def indicator_grid_form(client, indicator, lang: str = "en", **typed) -> dict:
    """The indicator grid's form as a browser sends it: every input as the page showed it (what it
    showed included), with ``typed`` over it."""
    return {**form_fields(client.get(f"{BASE}/grids/impact-indicators/{indicator.id}?lang={lang}")), **typed}


def in_french(app, message: str) -> str:
    """``message`` as a French page shows it (the catalogue's French once it has it)."""
    with app.test_request_context("/?lang=fr"):
        from flask_babel import force_locale

        with force_locale("fr"):
            return gettext(message)


@pytest.mark.parametrize("typed", ["1 234 567,89", "1\u202f234\u202f567,89", "1\u00a0234\u00a0567,89", "1234567,89"])
def test_a_french_user_types_amounts_the_french_way(officer, db, typed):
    response = officer.post(f"{BASE}/records/budget-amounts/new?lang=fr", data=amount_form(typed))
    assert response.status_code == 302
    assert db.scalar(select(BudgetAmount.amount).where(BudgetAmount.stage == BudgetStage.REVISED)) == \
        Decimal("1234567.89")


@pytest.mark.parametrize(("typed", "message"), [
    ("1,234", "An amount has at most two decimals (cents)."),  # 1.234 in French, not 1234
    ("1.234", "Enter a number such as 1 234 567,89 or 1234567."),  # a thousand and more, or one and a bit?
    ("1,234,567.89", "Enter a number such as 1 234 567,89 or 1234567."),
    ("12 34,5", "Enter a number such as 1 234 567,89 or 1234567."),
])
def test_a_french_user_is_refused_what_is_ambiguous(app, officer, db, typed, message):
    before = database_state(db)
    response = officer.post(f"{BASE}/records/budget-amounts/new?lang=fr", data=amount_form(typed))
    assert response.status_code == 200
    assert escape(in_french(app, message)) in page_of(response)
    assert database_state(db) == before


def test_english_keeps_its_forms_and_refuses_the_french_ones(officer, db):
    before = database_state(db)
    refused = officer.post(f"{BASE}/records/budget-amounts/new?lang=en", data=amount_form("1 234 567,89"))
    assert "Enter a number such as 1,234,567.89 or 1234567." in page_of(refused)
    assert database_state(db) == before
    assert officer.post(f"{BASE}/records/budget-amounts/new", data=amount_form("1,234,567.89")).status_code == 302


def test_a_french_quantity_keeps_its_decimals(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    target = {"indicator": indicator.code, "target_on": "2021-06-30", "provenance": "entered", "value": "1 234,5678"}
    assert officer.post(f"{BASE}/records/indicator-targets/new?lang=fr", data=target).status_code == 302
    assert Decimal("1234.5678") in db.scalars(select(IndicatorTarget.value)).all()


def test_the_french_budget_grid_shows_amounts_the_french_way_and_saves_them_back_unchanged(officer, db):
    line = line_of(db)
    grid = form_fields(officer.get(f"{BASE}/grids/budget-lines/{line.id}?lang=fr"))
    grid.update({"amount-revised": "34 950 000,25", "amount-expenditure": "1\u202f234\u202f567,89"})
    typed = officer.post(f"{BASE}/grids/budget-lines/{line.id}?lang=fr", data=grid)
    assert typed.status_code == 302
    db.expire_all()
    amounts = {a.stage: a.amount for a in line_of(db).amounts}
    assert (amounts[BudgetStage.REVISED], amounts[BudgetStage.EXPENDITURE]) == (Decimal("34950000.25"),
                                                                               Decimal("1234567.89"))
    shown = form_fields(officer.get(f"{BASE}/grids/budget-lines/{line.id}?lang=fr"))
    assert shown["amount-revised"] == "34\u202f950\u202f000,25"
    assert shown["amount-expenditure"] == "1\u202f234\u202f567,89"
    before = database_state(db)
    audit_entries = db.scalar(select(func.count()).select_from(AuditEntry))
    saved_again = officer.post(f"{BASE}/grids/budget-lines/{line.id}?lang=fr", data=shown)
    assert saved_again.status_code == 302
    db.expire_all()
    assert database_state(db) == before and {a.stage: a.amount for a in line_of(db).amounts} == amounts
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == audit_entries  # nothing was changed
    english = form_fields(officer.get(f"{BASE}/grids/budget-lines/{line.id}?lang=en"))
    assert english["amount-revised"] == "34,950,000.25"


def test_the_french_indicator_grid_saves_its_values_back_unchanged(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    cells = indicator_grid_form(officer, indicator, "fr", new_date="2019-12-31", **{"cell-0-3": "1 234,5"})
    assert officer.post(f"{BASE}/grids/impact-indicators/{indicator.id}?lang=fr", data=cells).status_code == 302
    shown = form_fields(officer.get(f"{BASE}/grids/impact-indicators/{indicator.id}?lang=fr"))
    assert shown["cell-0-3"] == "1\u202f234,5"
    before, values = database_state(db), sorted(db.scalars(select(DataPoint.value)).all())
    assert officer.post(f"{BASE}/grids/impact-indicators/{indicator.id}?lang=fr", data=shown).status_code == 302
    assert database_state(db) == before and sorted(db.scalars(select(DataPoint.value)).all()) == values


def test_a_french_edit_form_shows_the_amount_the_french_way_and_saves_it_back_unchanged(officer, db):
    amount = db.scalar(select(BudgetAmount).order_by(BudgetAmount.amount.desc()).limit(1))  # in the millions
    page = officer.get(f"{BASE}/records/budget-amounts/{amount.id}/edit?lang=fr")
    shown = form_fields(page)
    assert "\u202f" in shown["amount"] and "," in shown["amount"]
    before = database_state(db)
    response = officer.post(f"{BASE}/records/budget-amounts/{amount.id}/edit?lang=fr", data=shown)
    assert response.status_code == 302
    assert database_state(db) == before


# Item 11: values that cannot be negative.

DEATHS_NEGATIVE = "The value cannot be negative: its unit (deaths) is not a change or a balance."


def test_minus_three_civilian_deaths_are_refused_in_the_indicator_grid(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    assert indicator.unit == "deaths"
    before = database_state(db)
    response = officer.post(f"{BASE}/grids/impact-indicators/{indicator.id}", data=indicator_grid_form(
        officer, indicator, new_date="2019-12-31", **{"cell-0-3": "-3"}))
    assert response.status_code == 200
    assert "Nothing was saved" in page_of(response) and DEATHS_NEGATIVE in page_of(response)
    assert database_state(db) == before


@pytest.mark.parametrize(("path", "data"), [
    ("/records/data-points/new", {"observed_on": "2019-12-31", "value": "-3", "provenance": "entered"}),
    ("/records/indicator-targets/new", {"target_on": "2021-06-30", "value": "-3", "provenance": "entered"}),
])
def test_minus_three_civilian_deaths_are_refused_in_a_form(officer, db, path, data):
    indicator = db.scalar(select(ImpactIndicator))
    before = database_state(db)
    response = officer.post(BASE + path, data={**data, "indicator": indicator.code})
    assert response.status_code == 200 and DEATHS_NEGATIVE in page_of(response)
    assert database_state(db) == before


def test_a_unit_of_change_allows_negative_values(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    form = form_fields(officer.get(f"{BASE}/records/impact-indicators/{indicator.id}/edit"))
    edit_page = f"{BASE}/records/impact-indicators/{indicator.id}/edit"
    refused = officer.post(edit_page, data={**form, "baseline_value": "-3"})
    assert DEATHS_NEGATIVE in page_of(refused)
    changed = officer.post(edit_page, data={**form, "unit": "change in % of deaths", "baseline_value": "-3"})
    assert changed.status_code == 302
    accepted = officer.post(f"{BASE}/records/indicator-targets/new", data={
        "indicator": indicator.code, "target_on": "2021-06-30", "value": "-12.5", "provenance": "entered"})
    assert accepted.status_code == 302
    assert Decimal("-12.5") in db.scalars(select(IndicatorTarget.value)).all()


@pytest.mark.parametrize(("unit", "allowed"), [
    ("deaths", False), ("% of the population", False), ("", False), ("netting", False),
    ("change in %", True), ("net displacement", True), ("Évolution (%)", True), ("± %", True), ("solde", True)])
def test_the_unit_rule(unit, allowed):
    from cpas.entry.checks import unit_allows_negative

    assert unit_allows_negative(unit) is allowed


def test_a_negative_amount_is_refused_in_the_budget_grid(officer, db):
    line = line_of(db)
    before = database_state(db)
    response = officer.post(f"{BASE}/grids/budget-lines/{line.id}", data=grid_form(line, officer, revised="-1000"))
    assert "An amount cannot be negative here." in page_of(response)
    assert database_state(db) == before


def test_negative_counts_and_quantities_are_refused_in_the_workbook(db, demo):
    def negative(book):
        book["Posts"]["D2"] = -2
        book["Indicator values"]["E2"] = -4

    before = database_state(db)
    result = import_workbook(db, edited(export(db), negative), None, apply=True)
    assert not result.applied
    assert {(p.sheet, p.row, p.column_letter, str(p.message)) for p in result.problems} == {
        ("Posts", 2, "D", "The value cannot be negative."),
        ("Indicator values", 2, "E",
         "The value cannot be negative: its unit (operations) is not a change or a balance.")}
    assert database_state(db) == before


def test_every_number_field_says_whether_it_may_be_negative():
    """Money, counts, positions and output quantities never; an indicator's values where its unit allows."""
    may_be_negative = {(name, attr) for name, attr in NUMBER_FIELDS
                       if SPECS[name].field(attr).allow_negative}
    assert may_be_negative == {("impact-indicators", "baseline_value"), ("indicator-targets", "value"),
                               ("data-points", "value"), ("indicator-values", "value")}
    for name, _attr in may_be_negative:
        assert any(getattr(check, "__qualname__", "").startswith("negative_only_where_unit_allows")
                   for check in SPECS[name].checks), name


@pytest.mark.parametrize("typed", ["١٢٣", "１２３", "1,２34", "۱۲۳.۵"])
@pytest.mark.parametrize("locale", [None, "en", "fr"])
def test_digits_other_than_ascii_are_refused_as_numbers(app, typed, locale):
    field = SPECS["budget-amounts"].field("amount")
    with app.test_request_context(), pytest.raises(FieldError):
        parse_value(field, typed, None, locale)
