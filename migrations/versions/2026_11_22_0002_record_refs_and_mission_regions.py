"""Stable references for activities and budget lines; a mission's list of regions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("missions") as batch_op:
        batch_op.add_column(sa.Column("regions", sa.Text(), nullable=False, server_default=""))
    for table, prefix in (("activities", "A"), ("budget_lines", "BL")):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("ref", sa.String(length=20), nullable=True))
        # Existing rows get references from their ids, then the column becomes required.
        op.execute(f"UPDATE {table} SET ref = '{prefix}-' || id")
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("ref", existing_type=sa.String(length=20), nullable=False)
            batch_op.create_unique_constraint(
                op.f(f"uq_{table}_mission_id_period_id_ref"), ["mission_id", "period_id", "ref"]
            )
    with op.batch_alter_table("missions") as batch_op:
        batch_op.alter_column("regions", server_default=None, existing_type=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    for table in ("budget_lines", "activities"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"uq_{table}_mission_id_period_id_ref"), type_="unique")
            batch_op.drop_column("ref")
    with op.batch_alter_table("missions") as batch_op:
        batch_op.drop_column("regions")
