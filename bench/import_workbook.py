"""Import of a generated 10,000-row data workbook, validation included, into a fresh SQLite
database holding its mission and period (as when an officer uploads); compared in the same run
with a bare openpyxl read of the same file. Also how long the import holds SQLite's one write
lock (from its first write to its commit): while it does, every other save waits."""

import statistics
import time
from io import BytesIO

import openpyxl
from sqlalchemy import event

from bench.database import fresh_app
from bench.generate import data_workbook
from cpas.db import get_session
from cpas.workbook.importer import import_workbook


def bare_read(data: bytes) -> int:
    book = openpyxl.load_workbook(BytesIO(data), read_only=True)
    cells = sum(1 for sheet in book.worksheets for row in sheet.iter_rows() for _ in row)
    book.close()
    return cells


class FirstWrite:
    """When the engine sent its first INSERT, UPDATE or DELETE."""

    def __init__(self):
        self.at = None

    def __call__(self, _connection, _cursor, statement, *_args):
        if self.at is None and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.at = time.perf_counter()


def run(rows: int = 10_000, repeats: int = 3) -> dict:
    data, scope_only = data_workbook(rows, new_scope=False), data_workbook(0)
    import_seconds, read_seconds, write_seconds = [], [], []
    for _ in range(repeats):
        with fresh_app() as app, app.app_context():
            session = get_session()
            assert import_workbook(session, scope_only, None, apply=True).applied
            session.commit()
            first_write = FirstWrite()
            event.listen(app.extensions["cpas.engine"], "before_cursor_execute", first_write)
            started = time.perf_counter()
            result = import_workbook(session, data, None, apply=True)
            session.commit()
            committed = time.perf_counter()
            import_seconds.append(committed - started)
            write_seconds.append(committed - first_write.at)
            assert result.problems == [], result.problems[:5]
            imported = result.rows
        started = time.perf_counter()
        bare_read(data)
        read_seconds.append(time.perf_counter() - started)
    return {
        "rows imported": imported,
        f"import, median of {repeats} (s)": round(statistics.median(import_seconds), 2),
        "import, best (s)": round(min(import_seconds), 2),
        "write lock held, median (s)": round(statistics.median(write_seconds), 2),
        "bare openpyxl read, median (s)": round(statistics.median(read_seconds), 2),
        "workbook size (bytes)": len(data),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
