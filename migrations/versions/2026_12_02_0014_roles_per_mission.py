"""Roles held per mission: a row per account and mission it holds a role in, and the account's own
role kept only for the role held in every mission (administrators, headquarters accounts).

Nobody's access changes: every account but the administrators gets its role in every mission
that exists, and holds no role at headquarters any more (a mission created later is theirs only
when an administrator gives them a role in it). Downgrading keeps, for each account without a
headquarters role, one of its mission roles (the highest: officer before reviewer before
leadership) as its role in every mission.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ROLES = ("admin", "planning_officer", "budget_reviewer", "leadership")


def _role_type() -> sa.Enum:
    return sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "mission_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("role", _role_type(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mission_roles_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mission_id"], ["missions.id"], name=op.f("fk_mission_roles_mission_id_missions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_roles")),
        sa.UniqueConstraint("user_id", "mission_id", name=op.f("uq_mission_roles_user_id_mission_id")),
    )
    with op.batch_alter_table("mission_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mission_roles_mission_id"), ["mission_id"], unique=False)
    op.execute(
        "INSERT INTO mission_roles (user_id, mission_id, role) "
        "SELECT users.id, missions.id, users.role FROM users CROSS JOIN missions WHERE users.role <> 'admin'"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=_role_type(), nullable=True)
    op.execute("UPDATE users SET role = NULL WHERE role <> 'admin'")


def downgrade() -> None:
    op.execute(
        "UPDATE users SET role = (SELECT mission_roles.role FROM mission_roles "
        "WHERE mission_roles.user_id = users.id ORDER BY CASE mission_roles.role "
        "WHEN 'planning_officer' THEN 1 WHEN 'budget_reviewer' THEN 2 ELSE 3 END LIMIT 1) WHERE role IS NULL"
    )
    # An account that held no role anywhere reads as leadership did, the least a role allowed.
    op.execute("UPDATE users SET role = 'leadership' WHERE role IS NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=_role_type(), nullable=False)
    with op.batch_alter_table("mission_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mission_roles_mission_id"))
    op.drop_table("mission_roles")
