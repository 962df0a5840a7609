"""Import of a generated 10,000-row data workbook, validation included, into a fresh SQLite
database; compared in the same run with a bare openpyxl read of the same file."""

import statistics
import time
from io import BytesIO

import openpyxl

from bench.database import fresh_app
from bench.generate import data_workbook
from cpas.db import get_session
from cpas.workbook.importer import import_workbook


def bare_read(data: bytes) -> int:
    book = openpyxl.load_workbook(BytesIO(data), read_only=True)
    cells = sum(1 for sheet in book.worksheets for row in sheet.iter_rows() for _ in row)
    book.close()
    return cells


def run(rows: int = 10_000, repeats: int = 3) -> dict:
    data = data_workbook(rows)
    import_seconds, read_seconds = [], []
    for _ in range(repeats):
        with fresh_app() as app, app.app_context():
            session = get_session()
            started = time.perf_counter()
            result = import_workbook(session, data, None, apply=True)
            session.commit()
            import_seconds.append(time.perf_counter() - started)
            assert result.problems == [], result.problems[:5]
            imported = result.rows
        started = time.perf_counter()
        bare_read(data)
        read_seconds.append(time.perf_counter() - started)
    return {
        "rows imported": imported,
        f"import, median of {repeats} (s)": round(statistics.median(import_seconds), 2),
        "import, best (s)": round(min(import_seconds), 2),
        "bare openpyxl read, median (s)": round(statistics.median(read_seconds), 2),
        "workbook size (bytes)": len(data),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
