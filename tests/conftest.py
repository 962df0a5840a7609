"""Fixtures: every database test runs on SQLite and on PostgreSQL (ids carry ``sqlite`` or
``postgresql``).

Two databases of each kind are migrated once per session: one holding only the reference data,
and one where the demo mission and accounts are loaded too. A test that asks for ``demo``
(directly or through another fixture) gets the second, any other database test the first.

By default a test runs inside a transaction that is rolled back when it ends: the app's
sessionmaker is bound to one connection holding an outer transaction, and every session — the
requests', the commands', the test's own ``db`` — joins it with a savepoint, so that their
``commit()`` only releases that savepoint. The apps themselves are built once per database.

Tests where the app reaches the database through connections of its own cannot share that
transaction: the browser tests' live server answers from its own threads, ``cpas migrate`` opens
its own connection. They are marked ``committing`` (tests using ``live_server`` count as marked)
and get what every test had before: a fresh app whose sessions commit for real, on the database
holding only the reference data (the demo loaded and committed if asked for), emptied again
after the test.

Either way, after each test the database must be back as it was (row counts of every table and
the sum of the amounts): a test that leaks data into the next ones fails.
"""

import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from werkzeug.serving import make_server

from cpas import config, create_app
from cpas import migrate as migrations
from cpas.db import get_session
from cpas.demo.loader import load_demo
from cpas.models import Base, BudgetAmount
from tests.databases import create_postgres_database, create_sqlite_database, postgres_cluster

# Seeded by the first migration: kept between tests.
REFERENCE_TABLES = {"expenditure_groups", "expenditure_classes", "expenditure_class_successors", "rating_levels"}
DATABASE_KINDS = ["sqlite", "postgresql"]
# One round of PBKDF2 instead of scrypt: hashing the demo accounts and checking every login's
# password were a good part of the suite's time. Tests of the stored hash ask for
# ``production_password_hashing``.
FAST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
# Fixtures whose tests must commit for real (see the module's docstring).
COMMITTING_FIXTURES = {"live_server"}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "committing: the app reaches the database through connections of its own (threads, its own "
                   "engine): sessions commit for real, on a database emptied after the test")


def make_test_app(database_url: str, **overrides):
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_PASSWORD_HASH_METHOD,
        # Each test's data is rolled back, so a data version can come round again: no report is
        # kept between requests but in the tests of the cache.
        "REPORT_CACHE_SECONDS": 0,
        **overrides,
    }
    return create_app(settings)


def wipe_data(engine) -> None:
    """Delete every row but the reference data, children first."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


@contextmanager
def app_session(app):
    """The session of an app context (closed with it), as a view or command gets it."""
    with app.app_context():
        yield get_session()


class Fingerprints:
    """Each database's row counts (every table) and sum of amounts as first seen, to check after
    every test that it is back to them."""

    def __init__(self):
        self.known: dict[str, tuple] = {}

    @staticmethod
    def take(engine) -> tuple:
        counts = [sa.select(sa.func.count()).select_from(table).scalar_subquery()
                  for table in Base.metadata.sorted_tables]
        total = sa.select(sa.func.sum(BudgetAmount.amount)).scalar_subquery()
        with engine.connect() as connection:
            return tuple(connection.execute(sa.select(*counts, total)).one())

    def remember(self, engine) -> None:
        key = engine.url.render_as_string()
        if key not in self.known:
            self.known[key] = self.take(engine)

    def check(self, engine, what: str) -> None:
        key = engine.url.render_as_string()
        expected, found = self.known[key], self.take(engine)
        if found != expected:
            self.known[key] = found  # the next tests fail only for leaks of their own
            names = [table.name for table in Base.metadata.sorted_tables] + ["sum of amounts"]
            changed = {name: (before, after) for name, before, after in zip(names, expected, found, strict=True)
                       if before != after}
            pytest.fail(f"{what} was left changed after the test (before, after): {changed}")


# Databases and apps, once per session and kind ---------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server():
    with postgres_cluster() as server_url:
        yield server_url


@pytest.fixture(scope="session")
def empty_database_factory(tmp_path_factory):
    """Makes a new empty database of a kind: ``factory("sqlite", request)`` → URL. The
    PostgreSQL cluster starts only when a test needs it."""

    def factory(kind: str, request) -> str:
        if kind == "sqlite":
            return create_sqlite_database(tmp_path_factory.mktemp("db"))
        return create_postgres_database(request.getfixturevalue("postgres_server"))

    return factory


@pytest.fixture(scope="session", params=DATABASE_KINDS)
def database_kind(request):
    return request.param


def migrated_database(kind, request, factory) -> str:
    url = factory(kind, request)
    engine = sa.create_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def database_url(database_kind, request, empty_database_factory):
    """A database migrated to head once per session and kind, holding the reference data only."""
    return migrated_database(database_kind, request, empty_database_factory)


@pytest.fixture(params=DATABASE_KINDS)
def empty_database_url(request, empty_database_factory):
    """A brand-new database with no tables, for migration tests."""
    return empty_database_factory(request.param, request)


@pytest.fixture(scope="session")
def demo_database_url(database_kind, request, empty_database_factory):
    """A database migrated to head with the demo loaded and committed, once per session and kind."""
    url = migrated_database(database_kind, request, empty_database_factory)
    loader = make_test_app(url)
    with app_session(loader) as session:
        load_demo(session)
        session.commit()
    loader.extensions["cpas.engine"].dispose()
    return url


def shared_app(url):
    """An app whose tests run in a transaction rolled back at their end."""
    app = make_test_app(url)
    engine = app.extensions["cpas.engine"]
    if engine.dialect.name == "sqlite":
        # Python's sqlite3 starts transactions late and on its own, so a SAVEPOINT could open
        # (and its RELEASE commit) the outermost transaction: let SQLAlchemy say BEGIN itself
        # (SQLAlchemy's documented recipe for savepoints on pysqlite).
        event.listen(engine, "connect", _no_driver_transactions)
        event.listen(engine, "begin", _begin_explicitly)
        engine.dispose()
    return app


def _no_driver_transactions(dbapi_connection, _record):
    dbapi_connection.isolation_level = None


def _begin_explicitly(connection):
    connection.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def empty_app(database_url):
    app = shared_app(database_url)
    yield app
    app.extensions["cpas.engine"].dispose()


@pytest.fixture(scope="session")
def demo_app(demo_database_url):
    app = shared_app(demo_database_url)
    yield app
    app.extensions["cpas.engine"].dispose()


@pytest.fixture(scope="session")
def fingerprints():
    return Fingerprints()


# One test's app ----------------------------------------------------------------------------------


class Transaction:
    """One connection to a shared app's database holding an outer transaction that every session
    of the test joins."""

    def __init__(self, app):
        self.app = app
        self.connection = app.extensions["cpas.engine"].connect()
        self.outer = self.connection.begin()
        self._restore = []

    def join(self, app) -> None:
        """Bind the app's sessionmaker to this transaction until the test ends."""
        maker = app.extensions["cpas.sessionmaker"]
        self._restore.append((maker, dict(maker.kw)))
        maker.configure(bind=self.connection, join_transaction_mode="create_savepoint")

    def roll_back(self) -> None:
        for maker, settings in reversed(self._restore):
            maker.kw.clear()  # exactly as built: configure() can add settings, not take them away
            maker.kw.update(settings)
        self.outer.rollback()
        self.connection.close()


def is_committing(request) -> bool:
    return request.node.get_closest_marker("committing") is not None or \
        bool(COMMITTING_FIXTURES & set(request.fixturenames))


@pytest.fixture
def transaction(request, database_kind, fingerprints):
    """The test's transaction, rolled back at its end; None for a committing test."""
    if is_committing(request):
        yield None
        return
    shared = request.getfixturevalue("demo_app" if "demo" in request.fixturenames else "empty_app")
    engine = shared.extensions["cpas.engine"]
    fingerprints.remember(engine)
    transaction = Transaction(shared)
    yield transaction
    transaction.roll_back()
    fingerprints.check(engine, f"The {database_kind} database")


@pytest.fixture
def app(request, transaction, fingerprints):
    if transaction is None:
        app = make_test_app(request.getfixturevalue("database_url"))
        engine = app.extensions["cpas.engine"]
        fingerprints.remember(engine)
        yield app
        wipe_data(engine)
        fingerprints.check(engine, "The database emptied after a committing test")
        engine.dispose()
        return
    app = transaction.app
    settings = dict(app.config)
    transaction.join(app)
    yield app
    if dict(app.config) != settings:  # a test changed a setting: the next ones get the app as built
        app.config.clear()
        app.config.update(settings)


@pytest.fixture
def make_app(app, transaction):
    """``make_app(ROWS_PER_PAGE=5)``: another app with some settings of its own, on the test's
    database and inside the test's transaction (if it has one)."""
    made = []

    def factory(**overrides):
        other = make_test_app(app.config["DATABASE_URL"], **overrides)
        if transaction is not None:
            transaction.join(other)
        made.append(other)
        return other

    yield factory
    for other in made:
        other.extensions["cpas.engine"].dispose()


@pytest.fixture
def live_server(app):
    """The app served from threads of its own (its tests commit for real: see tests/conftest.py).
    The port is the one the server bound, so no other process can hold it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session of the test's own on the app's database, to arrange data and check results.

    It is deliberately not the request session, and no app context stays pushed: Flask reuses an
    active app context for requests, which would share ``g`` (the signed-in user, the session)
    between the test clients of different users."""
    session = app.extensions["cpas.sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def demo(app):
    """The demo mission and accounts, committed. Loaded once per database: the ``app`` fixture
    picks the database that holds it, where this finds nothing missing; a committing test loads
    it here."""
    with app_session(app) as session:
        load_demo(session)
        session.commit()


@pytest.fixture
def production_password_hashing(app):
    """New passwords are hashed as the product does by default, not with the tests' cheap method."""
    app.config["PASSWORD_HASH_METHOD"] = config.DEFAULT_PASSWORD_HASH_METHOD
    yield
    app.config["PASSWORD_HASH_METHOD"] = FAST_PASSWORD_HASH_METHOD


@pytest.fixture
def demo_hashed_as_in_production(app, production_password_hashing):
    """The demo loaded during the test (on the database without it), its accounts hashed as the
    product hashes them."""
    with app_session(app) as session:
        load_demo(session)
        session.commit()


def login(client, user_login: str, password: str = "demo"):
    response = client.post("/login", data={"login": user_login, "password": password})
    assert response.status_code == 302, f"login as {user_login} failed"
    return response


# The savepoints that the sessions of a rolled-back test take are the tests' arrangement, not SQL
# the app sends.
SAVEPOINT_STATEMENTS = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


class QueryCounter:
    def __init__(self, engine, ignore_savepoints: bool = False):
        self.engine = engine
        self.ignore_savepoints = ignore_savepoints
        self.statements: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args):
        if self.ignore_savepoints and statement.lstrip().upper().startswith(SAVEPOINT_STATEMENTS):
            return
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app, transaction):
    """``with count_queries() as counter: …`` counts the SQL statements the app sends."""
    return lambda: QueryCounter(app.extensions["cpas.engine"], ignore_savepoints=transaction is not None)
