"""An index covering the threat calendar's aggregate of incidents by region, month and event type.

With it, SQLite reads the incidents of a mission in date order from the index alone and groups them
by day without sorting them (300,000 incidents: about 0.2 s instead of 1 s).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_calendar",
                              ["mission_id", "event_date", "admin1", "event_type", "fatalities"], unique=False)
        # Its first two columns serve every read the older index served: one index less to write on import.
        batch_op.drop_index("ix_incidents_mission_date")


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_mission_date", ["mission_id", "event_date"], unique=False)
        batch_op.drop_index("ix_incidents_calendar")
