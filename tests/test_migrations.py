"""Migrations are the schema: upgrading an empty database gives exactly the models' tables."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cpas import migrate as migrations
from cpas.models import Base


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_upgrade_to_head_matches_the_models(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine)
    assert schema_differences(engine) == []
    engine.dispose()


def test_upgrade_seeds_the_groups_and_classes_of_expenditure(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine)
    with engine.connect() as connection:
        groups = connection.execute(sa.text("SELECT numeral, name FROM expenditure_groups ORDER BY position")).all()
        classes = connection.execute(sa.text(
            "SELECT g.numeral, COUNT(*) FROM expenditure_classes c JOIN expenditure_groups g ON g.id = c.group_id "
            "GROUP BY g.numeral ORDER BY g.numeral")).all()
        air = connection.execute(sa.text("SELECT name FROM expenditure_classes WHERE code = 'air_operations'")).scalar()
    engine.dispose()
    assert groups == [("I", "Military and police personnel"), ("II", "Civilian personnel"),
                      ("III", "Operational costs")]
    assert classes == [("I", 4), ("II", 5), ("III", 12)]
    assert air == "Air operations"


def test_downgrade_to_base_removes_every_table(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "base")
    remaining = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    # and back up again: the downgrade left nothing behind that blocks a new upgrade
    migrations.upgrade(engine)
    assert schema_differences(engine) == []
    engine.dispose()


def test_a_database_url_with_an_encoded_character_is_accepted():
    """A password with special characters arrives percent-encoded in DATABASE_URL."""
    engine = sa.create_engine("postgresql+psycopg://cpas:p%40ss%25word@dbhost:5432/cpas")
    url = migrations.alembic_config(engine).get_main_option("sqlalchemy.url")
    assert sa.make_url(url).password == "p@ss%word"
