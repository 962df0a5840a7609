"""How an impact indicator's regional values add up, and where each target comes from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("impact_indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "regional_aggregation",
            sa.Enum("sum", "none", name="regional_aggregation", native_enum=False, create_constraint=True),
            nullable=False, server_default="none"))
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "provenance",
            sa.Enum("verified", "derived", "illustrative", name="provenance", native_enum=False, create_constraint=True),
            nullable=False, server_default="verified"))
        batch_op.add_column(sa.Column("source_note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_indicator_targets_provenance"), type_="check")
        batch_op.drop_column("source_note")
        batch_op.drop_column("provenance")
    with op.batch_alter_table("impact_indicators", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_impact_indicators_regional_aggregation"), type_="check")
        batch_op.drop_column("regional_aggregation")
