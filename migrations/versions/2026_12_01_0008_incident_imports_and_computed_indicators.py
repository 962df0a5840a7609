"""Incident files imported, and impact indicators computed from the incident data.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("layout", sa.String(length=20), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mission_id"], ["missions.id"], name=op.f("fk_incident_imports_mission_id_missions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_incident_imports_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_imports")),
    )
    with op.batch_alter_table("incident_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_imports_mission_id"), ["mission_id"], unique=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_incidents_import_id_incident_imports"), "incident_imports",
                                    ["import_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("data_points", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incident_import_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_data_points_incident_import_id_incident_imports"),
                                    "incident_imports", ["incident_import_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("impact_indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "incident_measure",
            sa.Enum("fatalities", "events", name="incident_measure", native_enum=False, create_constraint=True),
            nullable=True))
        batch_op.add_column(sa.Column("incident_event_types", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("incident_actor", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column(
            "incident_interval",
            sa.Enum("year", "quarter", "month", name="incident_interval", native_enum=False, create_constraint=True),
            nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("impact_indicators", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_impact_indicators_incident_interval"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_impact_indicators_incident_measure"), type_="check")
        for column in ("incident_interval", "incident_actor", "incident_event_types",
                       "incident_measure"):
            batch_op.drop_column(column)
    with op.batch_alter_table("data_points", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_data_points_incident_import_id_incident_imports"), type_="foreignkey")
        batch_op.drop_column("incident_import_id")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_incidents_import_id_incident_imports"), type_="foreignkey")
        batch_op.drop_column("import_id")
    with op.batch_alter_table("incident_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_imports_mission_id"))
    op.drop_table("incident_imports")
