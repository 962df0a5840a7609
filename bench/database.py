"""A fresh, migrated SQLite database and app for one benchmark run."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from cpas import create_app
from cpas import migrate as migrations


@contextmanager
def fresh_app(**settings):
    """Yields an app on a new SQLite file migrated to head; removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = sa.create_engine(url)
        migrations.upgrade(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True, **settings})
        try:
            yield app
        finally:
            app.extensions["cpas.engine"].dispose()
