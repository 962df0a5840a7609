"""A figure typed without a source document is "entered", not "verified": a provenance of its own,
and the default of new figures.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("budget_amounts", "indicator_targets", "data_points")


def _provenances(*values: str) -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_provenance"), type_="check")
            batch_op.create_check_constraint(
                "provenance", "provenance IN (" + ", ".join(f"'{value}'" for value in values) + ")")


def upgrade() -> None:
    _provenances("entered", "verified", "derived", "illustrative")
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.alter_column("provenance", server_default="entered")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"UPDATE {table} SET provenance = 'verified' WHERE provenance = 'entered'")  # noqa: S608
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.alter_column("provenance", server_default="verified")
    _provenances("verified", "derived", "illustrative")
