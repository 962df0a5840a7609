"""The uploaded workbook handed back with its problems marked: red cells with a comment each,
and a Problems sheet listing them all, so an officer can fix the file where it is wrong."""

from io import BytesIO

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from cpas.exports.xlsx import set_widths, workbook_bytes, write_header, write_text, write_value
from cpas.workbook.importer import Problem
from cpas.workbook.layout import PROBLEMS_SHEET
from cpas.workbook.reader import MAX_COLUMNS

PROBLEM_FILL = PatternFill("solid", fgColor="F8CBAD")


def mark_problems(data: bytes, problems: list[Problem]) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    for problem in problems:
        if problem.sheet not in book.sheetnames or not problem.row:
            continue
        sheet = book[problem.sheet]
        columns = [problem.column] if problem.column else range(1, min(max(sheet.max_column, 1), MAX_COLUMNS) + 1)
        for column in columns:
            cell = sheet.cell(row=problem.row, column=column)
            cell.fill = PROBLEM_FILL
        target = sheet.cell(row=problem.row, column=problem.column or 1)
        text = problem.message if target.comment is None else f"{target.comment.text}\n{problem.message}"
        target.comment = Comment(text, "CPAS tracker")
    if PROBLEMS_SHEET in book.sheetnames:
        del book[PROBLEMS_SHEET]
    sheet = book.create_sheet(PROBLEMS_SHEET, 0)
    write_header(sheet, ["Sheet", "Row", "Column", "Problem"])
    for row, problem in enumerate(problems, start=2):
        write_text(sheet, row, 1, problem.sheet)
        write_value(sheet, row, 2, problem.row or None)
        write_text(sheet, row, 3, problem.column_letter)
        write_text(sheet, row, 4, problem.message)
    set_widths(sheet, [26, 8, 8, 110])
    book.active = 0
    return workbook_bytes(book)
