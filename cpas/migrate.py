"""Apply Alembic migrations from code (the CLI and the tests use this; nothing calls create_all)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser reads "%" as interpolation: a password such as "p%40ss" in the URL must be doubled.
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


class BrokenReferences(RuntimeError):
    """A migration on SQLite would leave rows pointing to rows that are not there."""


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction to migrate on. On SQLite its foreign keys are off while the
    migration runs and checked before it commits, as SQLite's own procedure for changing a table
    asks (https://www.sqlite.org/lang_altertable.html#otheralter): Alembic changes a SQLite table
    by copying it into a new one and dropping the old, and with foreign keys enforced (as the
    app's connections enforce them, cpas.db) dropping a table that other rows point to is
    refused, so a database holding budget lines could not be migrated at all. A migration that
    fails changes nothing, its tables and columns included."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # a no-op inside a transaction: set before the migration's begins
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            # Python's sqlite3 begins a transaction only before a row is written, so that a
            # migration's first CREATE or ALTER would be saved at once whatever followed: the
            # transaction is begun here instead, holding the whole migration or none of it.
            driver = connection.connection.driver_connection
            implicit_begin, driver.isolation_level = driver.isolation_level, None
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN")
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise BrokenReferences(f"the migration would leave {len(broken)} rows pointing to rows that "
                                               f"are not there (table, row, referred table): {broken[:5]}")
        finally:
            if sqlite:
                driver.isolation_level = implicit_begin
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _migrating(engine) as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with _migrating(engine) as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
