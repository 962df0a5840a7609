"""The rows below gross requirements: UN budget tables continue after "Gross requirements" with
"Staff assessment income", "Net requirements", "Voluntary contributions in kind (budgeted)" and
"Total requirements". The two recorded items are seeded as classes of a group of their own,
flagged ``below_gross``, so that their figures are recorded like any budget line (at every stage,
with source and provenance) but never enter a group subtotal or the gross requirements; net and
total requirements are derived by the financial table, not stored. Both classes are valid for
every period (open dates): the UN has printed them in every budget of the periods the app holds.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# Frozen here as this revision writes them (migrations never import app models).
GROUP = {"code": "below_gross_requirements", "numeral": "", "name": "Below gross requirements", "position": 4,
         "below_gross": True}
CLASSES = [
    ("staff_assessment_income", "Staff assessment income", 1),
    ("voluntary_contributions_in_kind", "Voluntary contributions in kind (budgeted)", 2),
]

groups = sa.table("expenditure_groups", sa.column("id", sa.Integer), sa.column("code", sa.String),
                  sa.column("numeral", sa.String), sa.column("name", sa.String), sa.column("position", sa.Integer),
                  sa.column("below_gross", sa.Boolean))
classes = sa.table("expenditure_classes", sa.column("group_id", sa.Integer), sa.column("code", sa.String),
                   sa.column("name", sa.String), sa.column("position", sa.Integer))


def upgrade() -> None:
    connection = op.get_bind()
    # An administrator may have added a class of the same name or code before this revision: say
    # so, rather than fail on the unique constraint (the migration then changes nothing).
    taken = connection.execute(sa.select(classes.c.code, classes.c.name).where(sa.or_(
        classes.c.code.in_([code for code, _name, _position in CLASSES]),
        classes.c.name.in_([name for _code, name, _position in CLASSES])))).all()
    if taken:
        raise RuntimeError(f"migration 0017 seeds the classes {[name for _code, name, _position in CLASSES]}, but the "
                           f"database already holds classes of those codes or names (code, name): {taken}; "
                           "rename them first")
    # A plain ALTER TABLE: no copy of the table is needed to add a column.
    op.add_column("expenditure_groups", sa.Column("below_gross", sa.Boolean(), nullable=False,
                                                  server_default=sa.false()))
    op.bulk_insert(groups, [GROUP])
    group_id = connection.execute(sa.select(groups.c.id).where(groups.c.code == GROUP["code"])).scalar_one()
    op.bulk_insert(classes, [{"group_id": group_id, "code": code, "name": name, "position": position}
                             for code, name, position in CLASSES])


def downgrade() -> None:
    connection = op.get_bind()
    # Refused while budget lines or explanations use the two classes: by the database (RESTRICT)
    # on PostgreSQL, by the foreign key check before the migration commits on SQLite (cpas.migrate).
    connection.execute(classes.delete().where(classes.c.code.in_([code for code, _name, _position in CLASSES])))
    connection.execute(groups.delete().where(groups.c.code == GROUP["code"]))
    op.drop_column("expenditure_groups", "below_gross")  # SQLite 3.35+ drops a column in place
