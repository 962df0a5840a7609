"""The data workbook's drop-down lists: every coded column offers its values (codes, classes of
expenditure, ratings, the mission's regions) from a hidden Lists sheet, the import passes over
that sheet and checks regions as the forms do, and the instructions name each column's values."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from cpas.entry.fields import Kind
from cpas.entry.spec import SPECS
from cpas.record_types import workbook_specs
from cpas.workbook.importer import import_workbook
from cpas.workbook.layout import headers
from cpas.workbook.marking import mark_problems
from tests.helpers import database_state
from tests.test_regions import DEMO_REGIONS
from tests.test_workbook import demo_export, edited, export, exported  # noqa: F401 (fixtures)

# Every class of expenditure, those of other periods too (migration 0016 added two used from 2021/22):
# the drop-down offers them all, and the import refuses a class not used in the row's period.
# The classes of expenditure used in 2019/20: all 23 but the two that succeed National staff from
# 2021/22, and the 2 items below gross requirements (migration 0017).
CLASSES_USED_IN_2019_20 = 23


def drop_downs(data: bytes) -> dict[tuple[str, str], list[str]]:
    """{(sheet, column heading): the values its drop-down list offers}, read from the range each
    list validation names."""
    book = openpyxl.load_workbook(BytesIO(data))
    lists = {}
    for sheet in book.worksheets:
        heading_of = {cell.column_letter: cell.value for cell in sheet[1]}
        for validation in sheet.data_validations.dataValidation:
            assert validation.type == "list"
            source_sheet, cells = validation.formula1.split("!")
            source = book[source_sheet.strip("'")]
            min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
            values = [source.cell(row=row, column=min_col).value for row in range(min_row, max_row + 1)]
            for area in str(validation.sqref).split():
                letter = area.split(":")[0].rstrip("0123456789")
                assert area == f"{letter}2:{letter}1048576"  # the whole column below its header
                lists[(sheet.title, heading_of[letter])] = values
    return lists


def test_every_coded_column_offers_its_values_in_a_drop_down_list(exported):  # noqa: F811
    lists = drop_downs(exported)
    assert lists[("Budget amounts", "Stage")] == ["proposed", "recommended", "approved", "revised", "expenditure"]
    assert "p5_p4" in lists[("Posts", "Category")]
    assert lists[("Budget amounts", "Provenance")] == ["entered", "verified", "derived", "illustrative"]
    classes = lists[("Budget lines", "Class of expenditure")]
    assert len(classes) == CLASSES_USED_IN_2019_20 and classes[0] == "Military observers"
    assert "Other supplies, services and equipment" in classes  # a comma: no inline list could hold it
    below_gross = ["Staff assessment income", "Voluntary contributions in kind (budgeted)"]
    assert set(below_gross) <= set(classes)  # budget lines of both are recorded like any other
    # but no variance of theirs is explained: the analysis of variances has no row for them
    assert lists[("Variance explanations", "Class of expenditure")] == [name for name in classes
                                                                       if name not in below_gross]
    assert lists[("Impact assessments", "Rating")] == ["Significant progress", "Some progress", "No progress",
                                                       "Regression"]
    assert lists[("Data points", "Region")] == lists[("Activities", "Region")] == DEMO_REGIONS
    coded = {(spec.sheet, heading) for spec in workbook_specs()
             for field, heading in zip(spec.form_fields, headers(spec)[1:], strict=True)
             if field.kind is Kind.ENUM or field.choices is not None
             or (field.kind is Kind.REFERENCE and not SPECS[field.reference].entered)}
    assert coded == set(lists)


def test_the_lists_are_on_a_hidden_sheet_and_the_export_imports_unchanged(db, exported):  # noqa: F811
    book = openpyxl.load_workbook(BytesIO(exported))
    assert book["Lists"].sheet_state == "hidden"
    before = database_state(db)
    result = import_workbook(db, exported, None, apply=True)
    assert result.problems == []
    assert all(counts.created == counts.updated == 0 for counts in result.counts.values())
    db.commit()
    assert database_state(db) == before

    def scribble(book):
        book["Lists"]["A2"] = "anything"
        book["Lists"].append(["more", "rows"])

    assert import_workbook(db, edited(exported, scribble), None, apply=False).problems == []


def test_the_drop_down_of_activity_regions_accepts_several_and_others_refuse_what_is_not_listed(exported):  # noqa: F811
    book = openpyxl.load_workbook(BytesIO(exported))
    headings = {sheet: {cell.value: cell.column_letter for cell in book[sheet][1]} for sheet in book.sheetnames}

    def validation(sheet, heading):
        letter = headings[sheet][heading]
        return next(v for v in book[sheet].data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2"))

    several = validation("Activities", "Region")
    assert several.showErrorMessage is False and "separated by commas" in several.prompt
    for sheet, heading in (("Data points", "Region"), ("Budget amounts", "Stage"), ("Budget lines",
                                                                                     "Class of expenditure")):
        assert validation(sheet, heading).showErrorMessage is True
        assert validation(sheet, heading).allow_blank is True


@pytest.mark.parametrize(("sheet", "heading", "typed", "refused"), [
    ("Data points", "Region", "Timbuktu", "Timbuktu"),
    ("Activities", "Region", "Mopti, Atlantis", "Atlantis"),
])
def test_a_region_not_of_the_mission_is_refused_on_import_with_the_regions_allowed(
        db, exported, sheet, heading, typed, refused):  # noqa: F811
    def change(book):
        column = column_index_from_string(
            next(cell.column_letter for cell in book[sheet][1] if cell.value == heading))
        book[sheet].cell(row=2, column=column, value=typed)

    before = database_state(db)
    result = import_workbook(db, edited(exported, change), None, apply=True)
    assert not result.applied
    db.rollback()
    assert database_state(db) == before
    (problem,) = result.problems
    assert (problem.sheet, problem.row) == (sheet, 2)
    assert problem.message == (f"Not a choice for Region: {refused}. Choose among " + ", ".join(DEMO_REGIONS) + ".")
    assert get_column_letter(problem.column) == problem.column_letter


def test_a_region_typed_without_its_accent_is_imported_as_the_mission_spells_it(db, exported):  # noqa: F811
    def change(book):
        sheet = book["Activities"]
        column = next(cell.column for cell in sheet[1] if cell.value == "Region")
        sheet.cell(row=2, column=column, value="segou, MOPTI")

    result = import_workbook(db, edited(exported, change), None, apply=True)
    assert result.problems == []
    assert [(change.field, change.in_file) for change in result.changes] == [("Region", "Ségou, Mopti")]


def test_the_instructions_name_each_columns_values(exported):  # noqa: F811
    rows = [row for row in openpyxl.load_workbook(BytesIO(exported))["Instructions"].iter_rows(values_only=True)]
    described = {(sheet, text.split(":")[0]): text for sheet, text in rows if sheet and text and ":" in str(text)}
    assert described[("Impact assessments", "Rating")] == "Rating: name or code of a rating"
    assert "class of expenditure" not in described[("Impact assessments", "Rating")]
    assert described[("Budget lines", "Class of expenditure")] == \
        "Class of expenditure: required; name or code of a class of expenditure"
    assert "p5_p4 (P-5–P-4)" in described[("Posts", "Category")]
    assert described[("Data points", "Region")].startswith("Region: one of: Bamako, Gao, Kidal")
    assert described[("Activities", "Region")].startswith("Region: one or more of: Bamako, Gao")
    assert any(sheet == "Lists" and "hidden sheet 'Lists'" in text for sheet, text in rows if sheet)


def test_the_empty_template_offers_the_same_lists(db, exported):  # noqa: F811
    template = drop_downs(export(db, template=True))
    assert template == drop_downs(exported) and template[("Data points", "Region")] == DEMO_REGIONS


def test_the_workbook_handed_back_with_its_problems_marked_imports_once_they_are_fixed(db, exported):  # noqa: F811
    def typo(book):
        book["Budget amounts"]["D3"] = "about a million"

    broken = edited(exported, typo)
    marked = mark_problems(broken, import_workbook(db, broken, None, apply=False).problems)
    assert "Problems" in openpyxl.load_workbook(BytesIO(marked)).sheetnames
    fixed = edited(marked, lambda book: book["Budget amounts"].__setitem__("D3", Decimal("1250000.25")))
    result = import_workbook(db, fixed, None, apply=False)
    assert result.problems == [] and result.counts["Budget amounts"].updated == 1
