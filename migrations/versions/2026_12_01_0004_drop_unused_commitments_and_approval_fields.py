"""Drop what no feature writes: commitment authorities, and the approval columns of impact
assessments (the assessment cycle records its steps in the audit log).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("commitment_authorities")
    with op.batch_alter_table("impact_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_impact_assessments_approved_by_id_users"), type_="foreignkey")
        batch_op.drop_column("approved_by_id")
        batch_op.drop_column("approved_at")


def downgrade() -> None:
    with op.batch_alter_table("impact_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_impact_assessments_approved_by_id_users"), "users",
                                    ["approved_by_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "commitment_authorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("source_symbol", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mission_id"], ["missions.id"],
                                name=op.f("fk_commitment_authorities_mission_id_missions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["budget_periods.id"],
                                name=op.f("fk_commitment_authorities_period_id_budget_periods"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_authorities")),
    )
