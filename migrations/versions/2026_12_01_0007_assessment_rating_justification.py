"""Why an assessment's rating differs from the one its indicators' data suggests.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("impact_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_justification", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("impact_assessments", schema=None) as batch_op:
        batch_op.drop_column("rating_justification")
