"""Every record type's natural key is unique in the database, not only in the app's checks: two
saves meeting at the same moment (two confirms of one upload, two forms) can no longer both
create the same output, external factor, recommendation or impact assessment; class names and
rating labels, which the workbook uses as keys, are unique too.

A database already holding duplicates is not changed: the upgrade stops and names them, so that
an administrator merges or renumbers them first (nothing here can tell which copy to keep).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (table, columns) of each new rule, named as the models' naming convention names them.
NEW_UNIQUE_KEYS = [
    ("outputs", ("expected_accomplishment_id", "position")),
    ("external_factors", ("component_id", "position")),
    ("recommendations", ("assessment_id", "position")),
    ("impact_assessments", ("outcome_id", "covers_from", "covers_to")),
    ("rating_levels", ("label",)),
    ("expenditure_classes", ("name",)),
]
SHOWN_DUPLICATES = 10


def constraint_name(table: str, columns: tuple) -> str:
    return f"uq_{table}_{'_'.join(columns)}"


class DuplicateKeysError(RuntimeError):
    """The database holds records that the new rules would refuse."""


def duplicates(connection, table: str, columns: tuple) -> list:
    listed = ", ".join(columns)
    return connection.execute(sa.text(
        f"SELECT {listed}, COUNT(*) FROM {table} GROUP BY {listed} HAVING COUNT(*) > 1 "  # noqa: S608 (names above)
        f"ORDER BY {listed} LIMIT {SHOWN_DUPLICATES}")).all()


def upgrade() -> None:
    connection = op.get_bind()
    found = []
    for table, columns in NEW_UNIQUE_KEYS:
        for *values, count in duplicates(connection, table, columns):
            shown = ", ".join(f"{column}={value!r}" for column, value in zip(columns, values, strict=True))
            found.append(f"{table} ({shown}): {count} rows")
    if found:
        raise DuplicateKeysError(
            "These records share a key that must be unique; merge or renumber them, then migrate again "
            "(nothing was changed):\n  " + "\n  ".join(found))
    for table, columns in NEW_UNIQUE_KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(constraint_name(table, columns), list(columns))


def downgrade() -> None:
    for table, columns in reversed(NEW_UNIQUE_KEYS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(constraint_name(table, columns), type_="unique")
