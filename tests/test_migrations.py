"""Migrations are the schema: upgrading an empty database gives exactly the models' tables."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session

from cpas import migrate as migrations
from cpas.db import make_engine
from cpas.demo.loader import load_demo
from cpas.models import Base
from cpas.record_types import SPECS


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
                      ("III", "Operational costs"), ("", "Below gross requirements")]
    assert classes == [("", 2), ("I", 4), ("II", 7), ("III", 12)]
    assert air == "Air operations"


def test_upgrade_splits_national_staff_from_2021_22(empty_database_url):
    """Migration 0016: National staff is used up to 2020/21, its two successors from 2021/22, in
    group II right after it."""
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine)
    with engine.connect() as connection:
        civilian = connection.execute(sa.text(
            "SELECT c.code, c.valid_from, c.valid_until FROM expenditure_classes c "
            "JOIN expenditure_groups g ON g.id = c.group_id WHERE g.code = 'civilian_personnel' "
            "ORDER BY c.position")).all()
        successors = connection.execute(sa.text(
            "SELECT p.code, s.code FROM expenditure_class_successors x "
            "JOIN expenditure_classes p ON p.id = x.predecessor_id "
            "JOIN expenditure_classes s ON s.id = x.successor_id ORDER BY s.position")).all()
        open_ended = connection.execute(sa.text(
            "SELECT COUNT(*) FROM expenditure_classes c JOIN expenditure_groups g ON g.id = c.group_id "
            "WHERE c.valid_from IS NULL AND c.valid_until IS NULL "
            "AND g.code <> 'below_gross_requirements'")).scalar()
    assert [(code, str(start) if start else None, str(end) if end else None) for code, start, end in civilian] == [
        ("international_staff", None, None),
        ("national_staff", None, "2021-06-30"),
        ("national_professional_officers", "2021-07-01", None),
        ("national_general_service_staff", "2021-07-01", None),
        ("united_nations_volunteers", None, None),
        ("general_temporary_assistance", None, None),
        ("government_provided_personnel", None, None),
    ]
    assert successors == [("national_staff", "national_professional_officers"),
                          ("national_staff", "national_general_service_staff")]
    assert open_ended == 20  # every class seeded before, but National staff, stays valid for every period
    # and down again: the first schema's classes, in their first order
    migrations.downgrade(engine, "0015")
    with engine.connect() as connection:
        codes = connection.execute(sa.text(
            "SELECT c.code, c.position FROM expenditure_classes c JOIN expenditure_groups g ON g.id = c.group_id "
            "WHERE g.code = 'civilian_personnel' ORDER BY c.position")).all()
    assert codes == [("international_staff", 1), ("national_staff", 2), ("united_nations_volunteers", 3),
                     ("general_temporary_assistance", 4), ("government_provided_personnel", 5)]
    engine.dispose()


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


def natural_key_columns(spec) -> set:
    """The columns of a record type's key, with the mission and period it is scoped to or the
    parent it belongs to (a unique rule within the parent is within its mission too)."""
    mapper = sa.inspect(spec.model)
    columns = set()
    for attr in (*spec.key_fields, *spec.scope_path[:1]):
        if attr in mapper.relationships:
            columns |= {column.name for column in mapper.relationships[attr].local_columns}
        else:
            columns.add(mapper.columns[attr].name)
    return columns | ({"mission_id", "period_id"} & set(spec.model.__table__.columns.keys()))


def test_every_record_types_key_is_unique_in_the_database(database_url):
    """Two saves meeting at the same moment cannot both create the same record: the database
    itself refuses the second, whatever the app checked before (issue 10, item 5)."""
    inspector = sa.inspect(sa.create_engine(database_url))
    unenforced = []
    for spec in SPECS.values():
        table = spec.model.__tablename__
        rules = [set(rule["column_names"]) for rule in inspector.get_unique_constraints(table)]
        rules += [set(index["column_names"]) for index in inspector.get_indexes(table) if index["unique"]]
        if not any(rule <= natural_key_columns(spec) for rule in rules):
            unenforced.append((spec.name, sorted(natural_key_columns(spec))))
    assert unenforced == []


def test_the_upgrade_stops_at_duplicates_and_names_them(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine, "0012")
    with engine.begin() as connection:
        run = connection.execute
        run(sa.text("INSERT INTO missions (id, code, name, country, regions, version) "
                    "VALUES (1, 'MINUSMA', 'Mali', 'Mali', '', 1)"))
        run(sa.text("INSERT INTO budget_periods (id, label, starts_on, ends_on, version) "
                    "VALUES (1, '2019/20', '2019-07-01', '2020-06-30', 1)"))
        run(sa.text("INSERT INTO components (id, mission_id, period_id, number, name, objective, version) "
                    "VALUES (1, 1, 1, 1, 'Political', '', 1)"))
        for factor_id in (1, 2):
            run(sa.text("INSERT INTO external_factors (id, component_id, position, text, version) "
                        "VALUES (:id, 1, 3, 'Rainy season', 1)"), {"id": factor_id})

    with pytest.raises(Exception, match=r"external_factors \(component_id=1, position=3\): 2 rows"):
        migrations.upgrade(engine)

    with engine.connect() as connection:  # nothing changed: still at 0012, both rows kept
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0012"
        assert connection.execute(sa.text("SELECT COUNT(*) FROM external_factors")).scalar() == 2
    engine.dispose()


def test_upgrade_seeds_the_items_below_gross_requirements_and_downgrades_without_them(empty_database_url):
    """Migration 0017: staff assessment income and voluntary contributions in kind, in a group
    flagged below gross (the others are not), valid for every period; down to 0016 and up again,
    through the app's own engine, whose SQLite connections enforce foreign keys."""
    engine = make_engine(empty_database_url)
    migrations.upgrade(engine)
    query = sa.text("SELECT g.code, g.below_gross, c.code, c.name, c.valid_from, c.valid_until "
                    "FROM expenditure_classes c JOIN expenditure_groups g ON g.id = c.group_id "
                    "WHERE g.below_gross ORDER BY c.position")
    with engine.connect() as connection:
        below = connection.execute(query).all()
        flagged = connection.execute(sa.text(
            "SELECT code FROM expenditure_groups WHERE below_gross ORDER BY position")).scalars().all()
    assert [(group, bool(flag), code, name, start, end) for group, flag, code, name, start, end in below] == [
        ("below_gross_requirements", True, "staff_assessment_income", "Staff assessment income", None, None),
        ("below_gross_requirements", True, "voluntary_contributions_in_kind",
         "Voluntary contributions in kind (budgeted)", None, None)]
    assert flagged == ["below_gross_requirements"]
    migrations.downgrade(engine, "0016")
    with engine.connect() as connection:
        columns = [column["name"] for column in sa.inspect(connection).get_columns("expenditure_groups")]
        groups = connection.execute(sa.text("SELECT code FROM expenditure_groups ORDER BY position")).scalars().all()
        classes = connection.execute(sa.text("SELECT COUNT(*) FROM expenditure_classes")).scalar()
    assert "below_gross" not in columns and classes == 23
    assert groups == ["military_police_personnel", "civilian_personnel", "operational_costs"]
    migrations.upgrade(engine)
    assert schema_differences(engine) == []
    engine.dispose()


def test_a_database_holding_budget_lines_migrates_down_and_up_through_the_apps_engine(empty_database_url):
    """The app's SQLite connections enforce foreign keys, and Alembic changes a SQLite table by
    copying it and dropping the old one: with budget lines pointing to the classes of expenditure,
    migration 0016 (which so changes that table) was refused outright, and `cpas migrate` could not
    bring such a database up to date. Down to 0015 and up again, the demo's figures intact; a
    downgrade that would orphan lines is refused, on SQLite too, and changes nothing."""
    engine = make_engine(empty_database_url)
    migrations.upgrade(engine)
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    count = sa.text("SELECT COUNT(*), SUM(amount) FROM budget_amounts")
    with engine.connect() as connection:
        before = connection.execute(count).one()
    assert before[0] > 0
    # Below 0017 its classes are not there: a downgrade is refused while lines use them, changing nothing.
    refusal = migrations.BrokenReferences if engine.dialect.name == "sqlite" else sa.exc.IntegrityError
    with pytest.raises(refusal):
        migrations.downgrade(engine, "0015")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0017"
        assert connection.execute(count).one() == before
    assert schema_differences(engine) == []
    below_gross_lines = ("SELECT l.id FROM budget_lines l JOIN expenditure_classes c ON c.id = l.class_id "
                         "WHERE c.code IN ('staff_assessment_income', 'voluntary_contributions_in_kind')")
    with engine.begin() as connection:
        connection.execute(sa.text(f"DELETE FROM budget_amounts WHERE line_id IN ({below_gross_lines})"))
        connection.execute(sa.text(f"DELETE FROM budget_lines WHERE id IN ({below_gross_lines})"))
        before = connection.execute(count).one()
    migrations.downgrade(engine, "0015")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(count).one() == before
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0017"
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again for the app
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert schema_differences(engine) == []
    engine.dispose()


def add_class_by_hand(engine, group_code: str, code: str, name: str) -> None:
    """A class of expenditure added outside the migrations (as an administrator's, or by SQL)."""
    with engine.begin() as connection:
        group_id = connection.execute(sa.text("SELECT id FROM expenditure_groups WHERE code = :code"),
                                      {"code": group_code}).scalar()
        connection.execute(sa.text("INSERT INTO expenditure_classes (group_id, code, name, position) "
                                   "VALUES (:group_id, :code, :name, 99)"),
                           {"group_id": group_id, "code": code, "name": name})


def test_a_migration_that_fails_changes_nothing_its_tables_included(empty_database_url):
    """A migration is all or nothing, on SQLite too, where Python's driver would save a CREATE or
    ALTER at once: 0016 copies the table of classes to add their dates, then seeds two classes;
    when a class of one of their codes is there already, the seeding fails, and the table is as
    it was: no dates, no copy left behind, the migration runs again once the clash is removed."""
    engine = make_engine(empty_database_url)
    migrations.upgrade(engine, "0015")
    add_class_by_hand(engine, "civilian_personnel", "national_professional_officers", "NPO (made up)")
    with pytest.raises(sa.exc.IntegrityError):
        migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0015"
        inspector = sa.inspect(connection)
        assert "valid_from" not in [column["name"] for column in inspector.get_columns("expenditure_classes")]
        assert not [name for name in inspector.get_table_names() if name.startswith("_alembic_tmp")]
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM expenditure_classes WHERE code = 'national_professional_officers'"))
    migrations.upgrade(engine)
    assert schema_differences(engine) == []
    engine.dispose()


def test_migration_0017_names_a_class_an_administrator_added_under_its_name(empty_database_url):
    engine = make_engine(empty_database_url)
    migrations.upgrade(engine, "0016")
    add_class_by_hand(engine, "operational_costs", "staff_assessment", "Staff assessment income")
    with pytest.raises(RuntimeError, match=r"already holds classes of those codes or names .*'Staff assessment"):
        migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0016"
    engine.dispose()
