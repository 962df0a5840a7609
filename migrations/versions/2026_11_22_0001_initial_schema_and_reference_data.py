"""initial schema and reference data

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# Reference data, frozen here as this revision wrote it (migrations never import app models).
# Groups and classes of expenditure as UN peacekeeping budgets name them (DOMAIN.md).
EXPENDITURE_GROUPS = [
    ("military_police_personnel", "I", "Military and police personnel", [
        ("military_observers", "Military observers"),
        ("military_contingents", "Military contingents"),
        ("united_nations_police", "United Nations police"),
        ("formed_police_units", "Formed police units"),
    ]),
    ("civilian_personnel", "II", "Civilian personnel", [
        ("international_staff", "International staff"),
        ("national_staff", "National staff"),
        ("united_nations_volunteers", "United Nations Volunteers"),
        ("general_temporary_assistance", "General temporary assistance"),
        ("government_provided_personnel", "Government-provided personnel"),
    ]),
    ("operational_costs", "III", "Operational costs", [
        ("civilian_electoral_observers", "Civilian electoral observers"),
        ("consultants", "Consultants and consulting services"),
        ("official_travel", "Official travel"),
        ("facilities_infrastructure", "Facilities and infrastructure"),
        ("ground_transportation", "Ground transportation"),
        ("air_operations", "Air operations"),
        ("marine_operations", "Marine operations"),
        ("communications_it", "Communications and information technology"),
        ("medical", "Medical"),
        ("special_equipment", "Special equipment"),
        ("other_supplies", "Other supplies, services and equipment"),
        ("quick_impact_projects", "Quick-impact projects"),
    ]),
]

# The official CPAS rating scale is not public: this default is a placeholder an admin can edit.
RATING_LEVELS = [
    ("significant_progress", "Significant progress", 1, "#198754"),
    ("some_progress", "Some progress", 2, "#0d6efd"),
    ("no_progress", "No progress", 3, "#ffc107"),
    ("regression", "Regression", 4, "#dc3545"),
]


def seed_reference_data() -> None:
    groups = sa.table("expenditure_groups", sa.column("id", sa.Integer), sa.column("code", sa.String),
                      sa.column("numeral", sa.String), sa.column("name", sa.String),
                      sa.column("position", sa.Integer))
    classes = sa.table("expenditure_classes", sa.column("id", sa.Integer), sa.column("group_id", sa.Integer),
                       sa.column("code", sa.String), sa.column("name", sa.String),
                       sa.column("position", sa.Integer))
    levels = sa.table("rating_levels", sa.column("code", sa.String), sa.column("label", sa.String),
                      sa.column("position", sa.Integer), sa.column("colour", sa.String),
                      sa.column("version", sa.Integer))
    class_id = 0
    for group_position, (code, numeral, name, group_classes) in enumerate(EXPENDITURE_GROUPS, start=1):
        op.bulk_insert(groups, [{"id": group_position, "code": code, "numeral": numeral, "name": name,
                                 "position": group_position}])
        rows = []
        for class_position, (class_code, class_name) in enumerate(group_classes, start=1):
            class_id += 1
            rows.append({"id": class_id, "group_id": group_position, "code": class_code,
                         "name": class_name, "position": class_position})
        op.bulk_insert(classes, rows)
    op.bulk_insert(levels, [{"code": c, "label": label, "position": p, "colour": colour, "version": 1}
                            for c, label, p, colour in RATING_LEVELS])
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids were inserted: move the sequences past them.
        for table in ("expenditure_groups", "expenditure_classes"):
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def upgrade() -> None:
    op.create_table('budget_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=7), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('starts_on < ends_on', name=op.f('ck_budget_periods_dates_in_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_periods')),
    sa.UniqueConstraint('label', name=op.f('uq_budget_periods_label'))
    )
    op.create_table('expenditure_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('numeral', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenditure_groups')),
    sa.UniqueConstraint('code', name=op.f('uq_expenditure_groups_code'))
    )
    op.create_table('missions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_missions')),
    sa.UniqueConstraint('code', name=op.f('uq_missions_code'))
    )
    op.create_table('rating_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_levels')),
    sa.UniqueConstraint('code', name=op.f('uq_rating_levels_code'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'planning_officer', 'budget_reviewer', 'leadership', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('preferred_locale', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('create', 'update', 'delete', name='audit_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_entries_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entries_record', ['table_name', 'record_id'], unique=False)

    op.create_table('commitment_authorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('source_symbol', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_commitment_authorities_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_commitment_authorities_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_authorities'))
    )
    op.create_table('components',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_components_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_components_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_components')),
    sa.UniqueConstraint('mission_id', 'period_id', 'number', name=op.f('uq_components_mission_id_period_id_number'))
    )
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_components_mission_id'), ['mission_id'], unique=False)

    op.create_table('expenditure_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['expenditure_groups.id'], name=op.f('fk_expenditure_classes_group_id_expenditure_groups'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenditure_classes')),
    sa.UniqueConstraint('code', name=op.f('uq_expenditure_classes_code'))
    )
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('event_type', sa.String(length=60), nullable=False),
    sa.Column('sub_event_type', sa.String(length=100), nullable=False),
    sa.Column('actor1', sa.String(length=300), nullable=False),
    sa.Column('actor2', sa.String(length=300), nullable=False),
    sa.Column('admin1', sa.String(length=100), nullable=False),
    sa.Column('admin2', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.BigInteger(), nullable=True),
    sa.Column('longitude', sa.BigInteger(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('fatalities >= 0', name=op.f('ck_incidents_fatalities_not_negative')),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_incidents_mission_id_missions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents')),
    sa.UniqueConstraint('mission_id', 'event_id', name=op.f('uq_incidents_mission_id_event_id'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_mission_date', ['mission_id', 'event_date'], unique=False)

    op.create_table('mandates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('resolution_symbol', sa.String(length=40), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('source_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('valid_until IS NULL OR adopted_on <= valid_until', name=op.f('ck_mandates_dates_in_order')),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_mandates_mission_id_missions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandates')),
    sa.UniqueConstraint('mission_id', 'resolution_symbol', name=op.f('uq_mandates_mission_id_resolution_symbol'))
    )
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandates_mission_id'), ['mission_id'], unique=False)

    op.create_table('period_locks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('locked_at', sa.DateTime(), nullable=False),
    sa.Column('locked_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['locked_by_id'], ['users.id'], name=op.f('fk_period_locks_locked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_period_locks_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_period_locks_period_id_budget_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_locks')),
    sa.UniqueConstraint('mission_id', 'period_id', name=op.f('uq_period_locks_mission_id_period_id'))
    )
    op.create_table('expected_accomplishments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_expected_accomplishments_component_id_components'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expected_accomplishments')),
    sa.UniqueConstraint('component_id', 'number', name=op.f('uq_expected_accomplishments_component_id_number'))
    )
    with op.batch_alter_table('expected_accomplishments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expected_accomplishments_component_id'), ['component_id'], unique=False)

    op.create_table('external_factors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_external_factors_component_id_components'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_factors'))
    )
    with op.batch_alter_table('external_factors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_factors_component_id'), ['component_id'], unique=False)

    op.create_table('mandated_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mandate_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_ref', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('priority', sa.Enum('first_strategic', 'second_strategic', 'other', name='task_priority', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mandate_id'], ['mandates.id'], name=op.f('fk_mandated_tasks_mandate_id_mandates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandated_tasks')),
    sa.UniqueConstraint('mandate_id', 'paragraph_ref', name=op.f('uq_mandated_tasks_mandate_id_paragraph_ref'))
    )
    with op.batch_alter_table('mandated_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandated_tasks_mandate_id'), ['mandate_id'], unique=False)

    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Enum('usg_asg', 'd2_d1', 'p5_p4', 'p3_p1', 'field_service', 'general_service', 'national_professional', 'national_general_service', 'un_volunteer', 'temporary', name='post_grade', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('approved_count', sa.Integer(), nullable=False),
    sa.Column('proposed_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('approved_count >= 0 AND proposed_count >= 0', name=op.f('ck_posts_counts_not_negative')),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_posts_component_id_components'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts')),
    sa.UniqueConstraint('component_id', 'grade', name=op.f('uq_posts_component_id_grade'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posts_component_id'), ['component_id'], unique=False)

    op.create_table('variance_explanations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('report_kind', sa.Enum('budget', 'performance', name='report_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cause', sa.Enum('mandate', 'external', 'cost_parameters', 'management', name='variance_cause', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['expenditure_classes.id'], name=op.f('fk_variance_explanations_class_id_expenditure_classes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_variance_explanations_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_variance_explanations_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variance_explanations')),
    sa.UniqueConstraint('mission_id', 'period_id', 'class_id', 'report_kind', name=op.f('uq_variance_explanations_mission_id_period_id_class_id_report_kind'))
    )
    op.create_table('indicators_of_achievement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expected_accomplishment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expected_accomplishment_id'], ['expected_accomplishments.id'], name=op.f('fk_indicators_of_achievement_expected_accomplishment_id_expected_accomplishments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators_of_achievement')),
    sa.UniqueConstraint('expected_accomplishment_id', 'number', name=op.f('uq_indicators_of_achievement_expected_accomplishment_id_number'))
    )
    with op.batch_alter_table('indicators_of_achievement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_of_achievement_expected_accomplishment_id'), ['expected_accomplishment_id'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('mandated_task_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mandated_task_id'], ['mandated_tasks.id'], name=op.f('fk_outcomes_mandated_task_id_mandated_tasks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_outcomes_mission_id_missions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('mission_id', 'code', name=op.f('uq_outcomes_mission_id_code'))
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcomes_mission_id'), ['mission_id'], unique=False)

    op.create_table('outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expected_accomplishment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('planned_quantity', sa.BigInteger(), nullable=True),
    sa.Column('completed_quantity', sa.BigInteger(), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expected_accomplishment_id'], ['expected_accomplishments.id'], name=op.f('fk_outputs_expected_accomplishment_id_expected_accomplishments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outputs'))
    )
    with op.batch_alter_table('outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outputs_expected_accomplishment_id'), ['expected_accomplishment_id'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('pillar', sa.Enum('military', 'police', 'civilian', 'joint', name='pillar', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('responsible_section', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'ongoing', 'completed', 'cancelled', name='activity_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=True),
    sa.Column('output_id', sa.Integer(), nullable=True),
    sa.Column('operation_name', sa.String(length=200), nullable=False),
    sa.Column('civilian_harm_risk', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on', name=op.f('ck_activities_dates_in_order')),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_activities_component_id_components'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_activities_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['outputs.id'], name=op.f('fk_activities_output_id_outputs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_activities_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_mission_id'), ['mission_id'], unique=False)

    op.create_table('impact_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('covers_from', sa.Date(), nullable=False),
    sa.Column('covers_to', sa.Date(), nullable=False),
    sa.Column('rating_level_id', sa.Integer(), nullable=True),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('mission_contribution', sa.Text(), nullable=False),
    sa.Column('external_factors', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'approved', name='assessment_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('leadership_decision', sa.Text(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('covers_from <= covers_to', name=op.f('ck_impact_assessments_dates_in_order')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_impact_assessments_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_impact_assessments_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_impact_assessments_outcome_id_outcomes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rating_level_id'], ['rating_levels.id'], name=op.f('fk_impact_assessments_rating_level_id_rating_levels'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_assessments'))
    )
    with op.batch_alter_table('impact_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_assessments_mission_id'), ['mission_id'], unique=False)

    op.create_table('impact_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('direction', sa.Enum('higher_is_better', 'lower_is_better', name='direction', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('baseline_value', sa.BigInteger(), nullable=True),
    sa.Column('baseline_on', sa.Date(), nullable=True),
    sa.Column('data_source', sa.Text(), nullable=False),
    sa.Column('frequency', sa.String(length=60), nullable=False),
    sa.Column('responsible_section', sa.String(length=200), nullable=False),
    sa.Column('rbb_indicator_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_impact_indicators_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rbb_indicator_id'], ['indicators_of_achievement.id'], name=op.f('fk_impact_indicators_rbb_indicator_id_indicators_of_achievement'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_indicators')),
    sa.UniqueConstraint('outcome_id', 'code', name=op.f('uq_impact_indicators_outcome_id_code'))
    )
    with op.batch_alter_table('impact_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_indicators_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('target', 'estimate', 'actual', name='indicator_value_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators_of_achievement.id'], name=op.f('fk_indicator_values_indicator_id_indicators_of_achievement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_indicator_values_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'period_id', 'kind', name=op.f('uq_indicator_values_indicator_id_period_id_kind'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('activity_tasks',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_tasks_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['mandated_tasks.id'], name=op.f('fk_activity_tasks_task_id_mandated_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'task_id', name=op.f('pk_activity_tasks'))
    )
    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_budget_lines_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['class_id'], ['expenditure_classes.id'], name=op.f('fk_budget_lines_class_id_expenditure_classes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_budget_lines_component_id_components'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_budget_lines_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['budget_periods.id'], name=op.f('fk_budget_lines_period_id_budget_periods'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index('ix_budget_lines_mission_period', ['mission_id', 'period_id'], unique=False)

    op.create_table('data_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('accessed_on', sa.Date(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('provenance', sa.Enum('verified', 'derived', 'illustrative', name='provenance', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['impact_indicators.id'], name=op.f('fk_data_points_indicator_id_impact_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_points')),
    sa.UniqueConstraint('indicator_id', 'observed_on', 'region', name=op.f('uq_data_points_indicator_id_observed_on_region'))
    )
    with op.batch_alter_table('data_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_points_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['impact_indicators.id'], name=op.f('fk_indicator_targets_indicator_id_impact_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_targets')),
    sa.UniqueConstraint('indicator_id', 'target_on', name=op.f('uq_indicator_targets_indicator_id_target_on'))
    )
    with op.batch_alter_table('indicator_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_targets_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in_progress', 'done', 'dropped', name='recommendation_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['impact_assessments.id'], name=op.f('fk_recommendations_assessment_id_impact_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('budget_amounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('proposed', 'recommended', 'approved', 'revised', 'expenditure', name='budget_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('source_symbol', sa.String(length=60), nullable=False),
    sa.Column('source_date', sa.Date(), nullable=True),
    sa.Column('provenance', sa.Enum('verified', 'derived', 'illustrative', name='provenance', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_budget_amounts_line_id_budget_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_amounts')),
    sa.UniqueConstraint('line_id', 'stage', name=op.f('uq_budget_amounts_line_id_stage'))
    )
    with op.batch_alter_table('budget_amounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_amounts_line_id'), ['line_id'], unique=False)
    seed_reference_data()


def downgrade() -> None:
    with op.batch_alter_table('budget_amounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_amounts_line_id'))

    op.drop_table('budget_amounts')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_assessment_id'))

    op.drop_table('recommendations')
    with op.batch_alter_table('indicator_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_targets_indicator_id'))

    op.drop_table('indicator_targets')
    with op.batch_alter_table('data_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_points_indicator_id'))

    op.drop_table('data_points')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_lines_mission_period')

    op.drop_table('budget_lines')
    op.drop_table('activity_tasks')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_values_indicator_id'))

    op.drop_table('indicator_values')
    with op.batch_alter_table('impact_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_indicators_outcome_id'))

    op.drop_table('impact_indicators')
    with op.batch_alter_table('impact_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_assessments_mission_id'))

    op.drop_table('impact_assessments')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_mission_id'))

    op.drop_table('activities')
    with op.batch_alter_table('outputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outputs_expected_accomplishment_id'))

    op.drop_table('outputs')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcomes_mission_id'))

    op.drop_table('outcomes')
    with op.batch_alter_table('indicators_of_achievement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_of_achievement_expected_accomplishment_id'))

    op.drop_table('indicators_of_achievement')
    op.drop_table('variance_explanations')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posts_component_id'))

    op.drop_table('posts')
    with op.batch_alter_table('mandated_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandated_tasks_mandate_id'))

    op.drop_table('mandated_tasks')
    with op.batch_alter_table('external_factors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_factors_component_id'))

    op.drop_table('external_factors')
    with op.batch_alter_table('expected_accomplishments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expected_accomplishments_component_id'))

    op.drop_table('expected_accomplishments')
    op.drop_table('period_locks')
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandates_mission_id'))

    op.drop_table('mandates')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_mission_date')

    op.drop_table('incidents')
    op.drop_table('expenditure_classes')
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_components_mission_id'))

    op.drop_table('components')
    op.drop_table('commitment_authorities')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_record')
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))

    op.drop_table('audit_entries')
    op.drop_table('users')
    op.drop_table('rating_levels')
    op.drop_table('missions')
    op.drop_table('expenditure_groups')
    op.drop_table('budget_periods')
