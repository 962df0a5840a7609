"""The database connection's lifecycle and the unit of work: one engine per app, one session per
request or command, committed once.

Views and CLI commands call ``get_session()``. A request's changes are committed once, after its
view has answered with a success (a status below 400), and rolled back otherwise. A view that
refuses what the user sent calls ``discard_changes()``, so whatever the services had done before
refusing (the first rows of a grid, say) is never saved. Services flush but never commit or roll
back. A command runs inside ``unit_of_work()``.
"""

from contextlib import contextmanager

from flask import Flask, current_app, g
from flask import session as flask_session
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# How long a save waits for SQLite's one write lock before it is told to retry (503): longer
# than a 20,000-row sheet's import holds the lock (bench/import_workbook.py), well within
# gunicorn's 30-second worker timeout.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked; WAL lets readers work while one worker writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["cpas.engine"] = engine
    app.extensions["cpas.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.after_request(_end_unit_of_work)
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions["cpas.engine"]


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["cpas.sessionmaker"]()
    return g.db_session


def _end_unit_of_work(response):
    """Commit what a successful request changed; roll back a refused or failed one."""
    session = g.get("db_session")
    if session is not None:
        if response.status_code < 400 or g.get("refusal_is_recorded"):
            try:
                session.commit()
            except Exception:
                # The view has already said "saved": that message must not outlive the failure.
                flask_session.pop("_flashes", None)
                raise
        else:
            session.rollback()
    return response


def record_refusal() -> None:
    """Commit this request's changes although it answers with a refusal: the refusal itself is
    what it records (a failed login, counted to throttle guessing)."""
    g.refusal_is_recorded = True


def discard_changes() -> None:
    """Give up the request's changes: the view is answering with a refusal. The page it then
    draws reads the data as saved (after a failed flush the session can read nothing until its
    transaction is rolled back)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def end_preview() -> None:
    """End the transaction a preview (``rolled_back``) left open, before the request writes.
    On SQLite a transaction that has read cannot wait for the write lock: SQLite refuses its
    first write at once ("database is locked") when another request wrote meanwhile, where a
    fresh transaction waits up to the busy timeout. Nothing is lost: a preview writes nothing."""
    discard_changes()


@contextmanager
def rolled_back(session: Session):
    """Work that must leave nothing behind, such as the preview of an import: it runs in a
    savepoint that is always rolled back, and the request goes on in its own transaction.

    This is the one savepoint of the app, and it is never released, on purpose: Python's sqlite3
    driver opens SQLite's transaction at the first write (or at a SAVEPOINT), so on SQLite
    releasing an outermost savepoint would commit. Rolling back to one is the same on SQLite and
    PostgreSQL. (The driver is left as it is because its late transactions keep concurrent
    writers waiting on the busy timeout instead of failing.)"""
    savepoint = session.begin_nested()
    try:
        yield session
    finally:
        savepoint.rollback()


@contextmanager
def unit_of_work():
    """A command's session: committed when the block ends normally, rolled back on any error
    (a command refusing its input raises)."""
    session = get_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def close_session(_exception=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
