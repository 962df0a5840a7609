"""Data points indexed by indicator, region and date: an indicator's last whole-mission values
(the round, the dashboard, the results page) are found by a seek, however many regions report on
each date. The index on the indicator alone goes: the unique key (indicator, date, region)
starts with it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_points", schema=None) as batch_op:
        batch_op.drop_index("ix_data_points_indicator_id")
        batch_op.create_index("ix_data_points_indicator_id_region_observed_on",
                              ["indicator_id", "region", "observed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("data_points", schema=None) as batch_op:
        batch_op.drop_index("ix_data_points_indicator_id_region_observed_on")
        batch_op.create_index("ix_data_points_indicator_id", ["indicator_id"], unique=False)
