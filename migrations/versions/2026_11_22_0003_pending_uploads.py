"""Uploaded workbooks waiting for confirmation, kept in the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_pending_uploads_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_uploads")),
        sa.UniqueConstraint("token", name=op.f("uq_pending_uploads_token")),
    )
    op.create_index(op.f("ix_pending_uploads_uploaded_at"), "pending_uploads", ["uploaded_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_uploads_uploaded_at"), table_name="pending_uploads")
    op.drop_table("pending_uploads")
