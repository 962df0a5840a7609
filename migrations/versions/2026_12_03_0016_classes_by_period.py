"""Classes of expenditure by period: each class carries the dates it is used between (the first
day of its first budget period, the last day of its last one; open when empty), and the classes
that replaced a retired one (expenditure_class_successors). From 2021/22 the UN's performance
reports split "National staff" into "National Professional Officers" and "National General
Service staff": both are seeded in group II, valid from 1 July 2021, as successors of National
staff, which is valid up to 30 June 2021 (2020/21). Every class seeded before stays valid for
every period up to then, so no recorded figure becomes invalid.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Frozen here as this revision writes them (migrations never import app models).
GROUP_CODE = "civilian_personnel"
RETIRED_CODE = "national_staff"
RETIRED_UNTIL = date(2021, 6, 30)  # the last day of 2020/21
SUCCESSORS_FROM = date(2021, 7, 1)  # the first day of 2021/22
# (code, name, position in group II): right after National staff, the classes after them moving down.
SUCCESSORS = [
    ("national_professional_officers", "National Professional Officers", 3),
    ("national_general_service_staff", "National General Service staff", 4),
]
POSITIONS_AFTER = 2  # National staff's position: the classes below it move down by len(SUCCESSORS)

classes = sa.table("expenditure_classes", sa.column("id", sa.Integer), sa.column("group_id", sa.Integer),
                   sa.column("code", sa.String), sa.column("name", sa.String), sa.column("position", sa.Integer),
                   sa.column("valid_from", sa.Date), sa.column("valid_until", sa.Date))
groups = sa.table("expenditure_groups", sa.column("id", sa.Integer), sa.column("code", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("expenditure_classes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_expenditure_classes_validity_in_order"), "valid_from <= valid_until")
    op.create_table(
        "expenditure_class_successors",
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["predecessor_id"], ["expenditure_classes.id"],
                                name=op.f("fk_expenditure_class_successors_predecessor_id_expenditure_classes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["successor_id"], ["expenditure_classes.id"],
                                name=op.f("fk_expenditure_class_successors_successor_id_expenditure_classes"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("predecessor_id", "successor_id", name=op.f("pk_expenditure_class_successors")),
    )
    connection = op.get_bind()
    group_id = connection.execute(sa.select(groups.c.id).where(groups.c.code == GROUP_CODE)).scalar_one()
    retired_id = connection.execute(sa.select(classes.c.id).where(classes.c.code == RETIRED_CODE)).scalar_one()
    connection.execute(classes.update().where(classes.c.group_id == group_id, classes.c.position > POSITIONS_AFTER)
                       .values(position=classes.c.position + len(SUCCESSORS)))
    connection.execute(classes.update().where(classes.c.id == retired_id).values(valid_until=RETIRED_UNTIL))
    op.bulk_insert(classes, [{"group_id": group_id, "code": code, "name": name, "position": position,
                              "valid_from": SUCCESSORS_FROM} for code, name, position in SUCCESSORS])
    successor_ids = connection.execute(sa.select(classes.c.id).where(
        classes.c.code.in_([code for code, _name, _position in SUCCESSORS]))).scalars().all()
    successors = sa.table("expenditure_class_successors", sa.column("predecessor_id", sa.Integer),
                          sa.column("successor_id", sa.Integer))
    op.bulk_insert(successors, [{"predecessor_id": retired_id, "successor_id": successor_id}
                                for successor_id in successor_ids])


def downgrade() -> None:
    connection = op.get_bind()
    op.drop_table("expenditure_class_successors")
    # Refused by the database (RESTRICT) while budget lines or explanations use the new classes.
    connection.execute(classes.delete().where(classes.c.code.in_([code for code, _name, _position in SUCCESSORS])))
    group_id = connection.execute(sa.select(groups.c.id).where(groups.c.code == GROUP_CODE)).scalar_one()
    connection.execute(classes.update()
                       .where(classes.c.group_id == group_id, classes.c.position > POSITIONS_AFTER + len(SUCCESSORS))
                       .values(position=classes.c.position - len(SUCCESSORS)))
    with op.batch_alter_table("expenditure_classes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_expenditure_classes_validity_in_order"), type_="check")
        batch_op.drop_column("valid_until")
        batch_op.drop_column("valid_from")
