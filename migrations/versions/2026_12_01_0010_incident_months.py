"""A mission's incidents counted by region, month and event type, kept by each import, so that the
threat calendar reads a few thousand rows instead of every incident.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_months",
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mission_id"], ["missions.id"], name=op.f("fk_incident_months_mission_id_missions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mission_id", "region", "year", "month", "event_type", name=op.f("pk_incident_months")),
    )
    incidents = sa.table("incidents", sa.column("mission_id", sa.Integer), sa.column("admin1", sa.String),
                         sa.column("event_date", sa.Date), sa.column("event_type", sa.String),
                         sa.column("fatalities", sa.Integer))
    months = sa.table("incident_months", *(sa.column(name) for name in
                                           ("mission_id", "region", "year", "month", "event_type", "events",
                                            "fatalities")))
    year = sa.cast(sa.extract("year", incidents.c.event_date), sa.Integer)
    month = sa.cast(sa.extract("month", incidents.c.event_date), sa.Integer)
    op.execute(months.insert().from_select(
        ["mission_id", "region", "year", "month", "event_type", "events", "fatalities"],
        sa.select(incidents.c.mission_id, incidents.c.admin1, year, month, incidents.c.event_type, sa.func.count(),
                  sa.func.sum(incidents.c.fatalities))
        .group_by(incidents.c.mission_id, incidents.c.admin1, year, month, incidents.c.event_type)))


def downgrade() -> None:
    op.drop_table("incident_months")
