"""The full budget (RBB) report workbook of a large mission, from the database to .xlsx bytes,
against writing the same cells with bare openpyxl (no styles, formats, print set-up or chart) in
the same run. Target: a ratio of at most 2 and under 2 s."""

import statistics
import time
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from bench.database import fresh_app
from bench.generate import large_mission
from cpas.db import get_session
from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import ReportKind
from cpas.reports.assembly import report_bundle
from cpas.tables import CellKind


def bare_openpyxl(bundle) -> bytes:
    """The same cells as the report workbook: the figures, texts and formulas, nothing else."""
    book = Workbook()
    for table in bundle.tables:
        sheet = book.create_sheet(table.sheet_name[:31])
        for column_number, column in enumerate(table.columns, start=1):
            sheet.cell(row=4, column=column_number, value=column.heading)
        for index, row in enumerate(table.rows):
            for column_number, column in enumerate(table.columns, start=1):
                value = row.get(column.key)
                if column.formula:
                    value = "=" + column.formula
                elif column.kind is CellKind.PERCENT and value is not None:
                    value = value / 100
                sheet.cell(row=excel_row(index), column=column_number, value=value)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(repeats: int = 5) -> dict:
    with fresh_app() as app, app.test_request_context():
        session = get_session()
        mission, period = large_mission(session)
        export_seconds, bare_seconds = [], []
        for _ in range(repeats):
            session.expunge_all()
            started = time.perf_counter()
            bundle = report_bundle(session, mission, period, ReportKind.BUDGET, Decimal(1000))
            data = build_report_workbook(bundle)
            export_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            bare_openpyxl(bundle)
            bare_seconds.append(time.perf_counter() - started)
        cells = sum(len(table.rows) * len(table.columns) for table in bundle.tables)
    export, bare = statistics.median(export_seconds), statistics.median(bare_seconds)
    return {
        "table cells": cells,
        f"full export (queries, builders, workbook), median of {repeats} (s)": round(export, 3),
        "bare openpyxl, same cells, median (s)": round(bare, 3),
        "ratio": round(export / bare, 2),
        "workbook size (bytes)": len(data),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
