"""The budget (RBB) report workbook of a large mission against writing the same cells with bare
openpyxl (no styles, formats, print set-up or chart), in the same run and interleaved.

Both start from the loaded report tables, so the ratio is the cost of our export over openpyxl
itself (target: at most 2); the end-to-end time, database to bytes, is measured too (target:
under 2 s)."""

import gc
import statistics
import time
from io import BytesIO

from openpyxl import Workbook

from bench.database import fresh_app
from bench.generate import large_mission
from cpas.db import get_session
from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import ReportKind
from cpas.reports.app_settings import report_settings
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
                sheet.cell(row=excel_row(table, index), column=column_number, value=value)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _timed(function, *args) -> tuple[float, float, object]:
    gc.collect()  # as timeit does: garbage left by the previous step is not this step's cost
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - started, time.process_time() - cpu, result


def run(repeats: int = 15) -> dict:
    timings = {"load": [], "export": [], "bare": [], "export cpu": [], "bare cpu": []}
    with fresh_app() as app, app.test_request_context():
        session = get_session()
        mission, period = large_mission(session)
        settings = report_settings("thousands")
        for _ in range(repeats):
            session.expunge_all()
            load, _, bundle = _timed(report_bundle, session, mission, period, ReportKind.BUDGET, settings)
            export, export_cpu, data = _timed(build_report_workbook, bundle.sheets)
            bare, bare_cpu, _ = _timed(bare_openpyxl, bundle)
            for key, value in (("load", load), ("export", export), ("bare", bare), ("export cpu", export_cpu),
                               ("bare cpu", bare_cpu)):
                timings[key].append(value)
        cells = sum(len(table.rows) * len(table.columns) for table in bundle.tables)
    median = {key: statistics.median(values) for key, values in timings.items()}
    return {
        "table cells": cells,
        f"report workbook from the loaded tables, median of {repeats} (s)": round(median["export"], 3),
        "bare openpyxl, same cells, median (s)": round(median["bare"], 3),
        "ratio (wall)": round(median["export"] / median["bare"], 2),
        "ratio (CPU time, less sensitive to other load)": round(median["export cpu"] / median["bare cpu"], 2),
        "end to end: queries, builders and workbook, median (s)": round(median["load"] + median["export"], 3),
        "workbook size (bytes)": len(data),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
