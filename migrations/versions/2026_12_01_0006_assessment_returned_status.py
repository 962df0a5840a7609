"""An impact assessment can be returned by leadership to the officer, with a comment.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _statuses(*values: str) -> None:
    with op.batch_alter_table("impact_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_impact_assessments_assessment_status"), type_="check")
        batch_op.create_check_constraint(
            "assessment_status", "status IN (" + ", ".join(f"'{value}'" for value in values) + ")")


def upgrade() -> None:
    _statuses("draft", "submitted", "returned", "approved")


def downgrade() -> None:
    op.execute("UPDATE impact_assessments SET status = 'draft' WHERE status = 'returned'")
    _statuses("draft", "submitted", "approved")
