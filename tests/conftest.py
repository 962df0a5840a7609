"""Fixtures: every database test runs on SQLite and on PostgreSQL (ids carry ``sqlite`` or
``postgresql``); each test starts from a migrated database holding only reference data."""

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from cpas import create_app
from cpas import migrate as migrations
from cpas.db import get_session
from cpas.demo.loader import load_demo
from cpas.models import Base
from tests.databases import create_postgres_database, create_sqlite_database, postgres_cluster

# Seeded by the first migration: kept between tests.
REFERENCE_TABLES = {"expenditure_groups", "expenditure_classes", "rating_levels"}
DATABASE_KINDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server():
    with postgres_cluster() as server_url:
        yield server_url


@pytest.fixture(scope="session")
def empty_database_factory(tmp_path_factory):
    """Makes a new empty database of a kind: ``factory("sqlite")`` → URL."""

    def factory(kind: str, request) -> str:
        if kind == "sqlite":
            return create_sqlite_database(tmp_path_factory.mktemp("db"))
        return create_postgres_database(request.getfixturevalue("postgres_server"))

    return factory


@pytest.fixture(scope="session", params=DATABASE_KINDS)
def database_url(request, empty_database_factory):
    """A database migrated to head once per session and kind."""
    url = empty_database_factory(request.param, request)
    engine = sa.create_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(params=DATABASE_KINDS)
def empty_database_url(request, empty_database_factory):
    """A brand-new database with no tables, for migration tests."""
    return empty_database_factory(request.param, request)


def make_test_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }
    return create_app(config)


def wipe_data(engine) -> None:
    """Delete every row but the reference data, children first."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


@pytest.fixture
def app(database_url):
    app = make_test_app(database_url)
    yield app
    engine = app.extensions["cpas.engine"]
    wipe_data(engine)
    engine.dispose()


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
    """The demo mission and accounts, committed."""
    with app.app_context():
        session = get_session()
        load_demo(session)
        session.commit()


def login(client, user_login: str, password: str = "demo"):
    response = client.post("/login", data={"login": user_login, "password": password})
    assert response.status_code == 302, f"login as {user_login} failed"
    return response


class QueryCounter:
    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args):
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
def count_queries(app):
    """``with count_queries() as counter: …`` counts the SQL statements the app sends."""
    return lambda: QueryCounter(app.extensions["cpas.engine"])
