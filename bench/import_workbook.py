"""Import of a generated 10,000-row data workbook, validation included, into a fresh SQLite
database; compared in the same run with a bare openpyxl read of the same file."""

import statistics
import tempfile
import time
from io import BytesIO
from pathlib import Path

import openpyxl
import sqlalchemy as sa

from bench.generate import data_workbook
from cpas import create_app
from cpas import migrate as migrations
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
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            engine = sa.create_engine(url)
            migrations.upgrade(engine)
            engine.dispose()
            app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
            with app.app_context():
                session = get_session()
                started = time.perf_counter()
                result = import_workbook(session, data, None, apply=True)
                session.commit()
                import_seconds.append(time.perf_counter() - started)
                assert result.problems == [], result.problems[:5]
                imported = result.rows
            app.extensions["cpas.engine"].dispose()
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
