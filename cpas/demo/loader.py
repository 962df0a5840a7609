"""Loads the demo mission, MINUSMA 2019/20, from the seed facts of DOMAIN.md.

Loading twice changes nothing: the mission, periods and accounts are looked up by their natural
keys first. Everything is flushed, never committed: the CLI command commits once.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpas.audit import record_change
from cpas.auth.services import create_user
from cpas.demo import figures
from cpas.models import (
    Activity,
    ActivityStatus,
    AuditAction,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    Direction,
    ExpectedAccomplishment,
    ExpenditureClass,
    ExternalFactor,
    ImpactIndicator,
    IndicatorOfAchievement,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueKind,
    Mandate,
    MandatedTask,
    Mission,
    MissionRole,
    Outcome,
    Output,
    Pillar,
    Post,
    PostGrade,
    Provenance,
    RegionalAggregation,
    Role,
    TaskPriority,
    User,
)

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo-only password
# (login, role, name, whether the role is held in every mission). Budget review is headquarters'
# work (the Controller, the ACABQ): the reviewer reads every mission. The officer and the leadership
# are MINUSMA's own, holding their roles in the demo mission only.
DEMO_ACCOUNTS = [
    ("admin", Role.ADMIN, "Demo administrator", True),
    ("officer", Role.PLANNING_OFFICER, "Demo planning officer", False),
    ("reviewer", Role.BUDGET_REVIEWER, "Demo budget reviewer", True),
    ("leader", Role.LEADERSHIP, "Demo leadership", False),
]
ILLUSTRATIVE_SPLIT = "Split across classes illustrative."
# Which activity of 2019/20 each class's line serves (illustrative: the budget documents attribute
# no class to an activity). Four of the five tasks are funded; good offices is left without an
# activity, so that mandate coverage shows a gap as it would in a real plan.
ILLUSTRATIVE_LINE_ACTIVITIES = {
    "formed_police_units": "A-001", "ground_transportation": "A-001", "quick_impact_projects": "A-001",
    "official_travel": "A-002",
    "military_contingents": "A-003",
}


def load_demo(session: Session) -> list[str]:
    """Load whatever of the demo is missing; returns what was done, line by line."""
    done = []
    periods = {year: _period(session, year) for year in (2017, 2018, 2019)}
    minusma = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    if minusma is None:
        minusma = _load_minusma(session, periods)
        done.append("loaded mission MINUSMA with budget periods 2018/19 and 2019/20")
    for login, role, name, everywhere in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.login == login)) is None:
            # The documented demo password is short on purpose, below the rule for real accounts.
            user = create_user(session, login, DEMO_PASSWORD, role if everywhere else None, display_name=name,
                               check_password=False)
            if not everywhere:
                user.mission_roles.append(MissionRole(mission_id=minusma.id, role=role))
                session.flush()
            where = "every mission" if everywhere else minusma.code
            done.append(f"created demo account {login!r} ({role.value} in {where})")
    return done


def _period(session: Session, start_year: int) -> BudgetPeriod:
    label = BudgetPeriod.label_for_start_year(start_year)
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == label))
    if period is None:
        period = BudgetPeriod(label=label, starts_on=date(start_year, 7, 1), ends_on=date(start_year + 1, 6, 30))
        session.add(period)
    return period


def _load_minusma(session: Session, periods: dict[int, BudgetPeriod]) -> Mission:
    mission = Mission(
        code="MINUSMA",
        name="United Nations Multidimensional Integrated Stabilization Mission in Mali",
        country="Mali",
        regions="Bamako, Gao, Kidal, Koulikoro, Mopti, Ségou, Sikasso, Tombouctou",
    )
    session.add(mission)
    session.flush()
    tasks = _mandate(session, mission)
    components = _rbb_framework(session, mission, periods)
    _activities(session, mission, periods[2019], tasks, components)
    _budget(session, mission, periods)
    _cpas(session, mission, tasks)
    record_change(session, AuditAction.CREATE, mission, user_id=None, summary="Demo mission loaded")
    return mission


def _mandate(session: Session, mission: Mission) -> dict[str, MandatedTask]:
    mandate = Mandate(
        mission=mission,
        resolution_symbol="S/RES/2480 (2019)",
        adopted_on=date(2019, 6, 28),
        valid_until=date(2020, 6, 30),
        summary="Renews MINUSMA until 30 June 2020 with up to 13,289 military and 1,920 police personnel.",
        source_note="Security Council resolution 2480 (2019). Paragraph references are illustrative.",
    )
    specs = [
        ("agreement", "OP 20", TaskPriority.FIRST_STRATEGIC,
         "Support the implementation of the Agreement on Peace and Reconciliation in Mali",
         "First strategic priority: support the implementation of the Agreement on Peace and "
         "Reconciliation in Mali."),
        ("central_mali", "OP 21", TaskPriority.SECOND_STRATEGIC,
         "Protect civilians and re-establish State authority in Central Mali",
         "Facilitate the implementation of a comprehensive politically-led Malian strategy to protect "
         "civilians, reduce intercommunal violence, and re-establish State authority, State presence "
         "and basic social services in Central Mali."),
        ("good_offices", "OP 28 (c)", TaskPriority.OTHER, "Good offices and reconciliation", ""),
        ("human_rights", "OP 28 (d)", TaskPriority.OTHER, "Promote and protect human rights", ""),
        ("humanitarian", "OP 28 (e)", TaskPriority.OTHER, "Support to humanitarian assistance", ""),
    ]
    tasks = {}
    for position, (key, ref, priority, title, text) in enumerate(specs, start=1):
        tasks[key] = MandatedTask(paragraph_ref=ref, title=title, text=text, priority=priority, position=position)
        mandate.tasks.append(tasks[key])
    session.add(mandate)
    return tasks


def _rbb_framework(session: Session, mission: Mission, periods: dict[int, BudgetPeriod]) -> dict[int, Component]:
    """Four components for 2019/20 (illustrative detail) with one worked expected accomplishment."""
    period = periods[2019]
    names = {
        1: "Support for the implementation of the Agreement",
        2: "Protection of civilians and stabilization in Central Mali",
        3: "Human rights",
        4: "Support",
    }
    components = {number: Component(mission_id=mission.id, period_id=period.id, number=number, name=name)
                  for number, name in names.items()}
    session.add_all(components.values())

    poc = components[2]
    poc.objective = "Civilians in the Mopti and Ségou regions are protected and State presence restored."
    accomplishment = ExpectedAccomplishment(
        number="2.1", text="Improved protection of civilians in Central Mali (illustrative)"
    )
    poc.expected_accomplishments.append(accomplishment)
    indicator = IndicatorOfAchievement(
        number="2.1.1", text="Integrated protection operations conducted in Mopti and Ségou", unit="operations"
    )
    accomplishment.indicators.append(indicator)
    session.flush()
    for year, kind, value in ((2017, IndicatorValueKind.ACTUAL, 4), (2018, IndicatorValueKind.ESTIMATE, 6),
                              (2019, IndicatorValueKind.TARGET, 8)):
        indicator.values.append(IndicatorValue(period_id=periods[year].id, kind=kind, value=Decimal(value),
                                               note="Illustrative"))
    accomplishment.outputs.append(Output(
        position=1, description="Joint patrols with the Malian defence and security forces in Central Mali",
        planned_quantity=Decimal(120), remarks="Illustrative",
    ))
    poc.external_factors.append(ExternalFactor(
        position=1, text="Security conditions allow access to communities in Central Mali"))
    components[1].external_factors.append(ExternalFactor(
        position=1, text="The signatory parties remain committed to the Agreement"))
    for grade, approved, proposed in ((PostGrade.P5_P4, 4, 5), (PostGrade.P3_P1, 6, 7),
                                      (PostGrade.FIELD_SERVICE, 3, 3), (PostGrade.NATIONAL_PROFESSIONAL, 2, 3),
                                      (PostGrade.NATIONAL_GENERAL_SERVICE, 5, 5), (PostGrade.UN_VOLUNTEER, 4, 4)):
        poc.posts.append(Post(grade=grade, approved_count=approved, proposed_count=proposed))
    return components


def _activities(session, mission, period, tasks, components) -> None:
    output = components[2].expected_accomplishments[0].outputs[0]
    operation = Activity(
        mission_id=mission.id, period_id=period.id, ref="A-001",
        title="Integrated operation to protect civilians in Mopti and Ségou",
        pillar=Pillar.JOINT, responsible_section="Strategic Planning Unit", region="Mopti, Ségou",
        starts_on=date(2019, 11, 1), ends_on=date(2020, 1, 31), status=ActivityStatus.COMPLETED,
        component=components[2], output=output, operation_name="Operation Folon I",
        civilian_harm_risk="Joint movements near markets and villages: plan routes and timings to avoid "
                           "harm to civilians; human rights due diligence on partner forces.",
        description="SPU-led integrated operation timed for the seasonal rise in violence (illustrative).",
    )
    operation.tasks.extend([tasks["central_mali"], tasks["humanitarian"]])
    monitoring = Activity(
        mission_id=mission.id, period_id=period.id, ref="A-002",
        title="Human rights monitoring missions in Central Mali",
        pillar=Pillar.CIVILIAN, responsible_section="Human Rights and Protection Division", region="Mopti",
        starts_on=date(2019, 7, 1), ends_on=date(2020, 6, 30), status=ActivityStatus.ONGOING,
        component=components[3], description="Illustrative.",
    )
    monitoring.tasks.append(tasks["human_rights"])
    cantonment = Activity(
        mission_id=mission.id, period_id=period.id, ref="A-003", title="Support to cantonment and the DDR process",
        pillar=Pillar.MILITARY, responsible_section="Force headquarters", region="Gao",
        starts_on=date(2019, 9, 1), ends_on=date(2020, 3, 31), status=ActivityStatus.PLANNED,
        component=components[1], description="Illustrative.",
    )
    cantonment.tasks.append(tasks["agreement"])
    session.add_all([operation, monitoring, cantonment])


def _budget(session: Session, mission: Mission, periods: dict[int, BudgetPeriod]) -> None:
    classes = {c.code: c for c in session.scalars(select(ExpenditureClass).order_by(ExpenditureClass.id))}
    sources = {
        (2019, "proposed"): (BudgetStage.PROPOSED, "", None,
                             f"Total derived: approved plus $11,320,900 ({figures.CIVIC_BRIEF})."),
        (2019, "recommended"): (BudgetStage.RECOMMENDED, "", None,
                                f"Total derived: approved plus $7,600,000 ({figures.CIVIC_BRIEF})."),
        (2019, "approved"): (BudgetStage.APPROVED, figures.ACABQ_REPORT, None,
                             f"Total verified in {figures.ACABQ_REPORT}."),
        (2018, "approved"): (BudgetStage.APPROVED, figures.ACABQ_REPORT, None,
                             f"Total verified in {figures.ACABQ_REPORT}."),
        (2018, "expenditure"): (BudgetStage.EXPENDITURE, figures.ACABQ_REPORT, None,
                                f"Total verified in {figures.ACABQ_REPORT}."),
    }
    amounts_by_year = {2019: figures.stage_amounts_2019_20(), 2018: figures.stage_amounts_2018_19()}
    session.flush()
    activities = {activity.ref: activity for activity in session.scalars(
        select(Activity).where(Activity.mission_id == mission.id, Activity.period_id == periods[2019].id))}
    for year, stages in amounts_by_year.items():
        for number, (code, expenditure_class) in enumerate(classes.items(), start=1):
            if not expenditure_class.is_valid_for(periods[year]):
                continue  # a class the UN's documents of that period do not use (National Professional Officers)
            if expenditure_class.group.below_gross:
                if year == 2019:
                    session.add(_below_gross_line(mission, periods[year], expenditure_class, number))
                continue  # 2018/19 records none: its net and total requirements stay blank, as they would
            line = BudgetLine(mission_id=mission.id, period_id=periods[year].id, class_id=expenditure_class.id,
                              ref=f"BL-{number:03d}",
                              description=f"{expenditure_class.name} (illustrative split)")
            served = activities.get(ILLUSTRATIVE_LINE_ACTIVITIES.get(code, "")) if year == 2019 else None
            if served is not None:
                line.activity, line.component = served, served.component
                line.description = f"{expenditure_class.name} (illustrative split; illustrative link to {served.ref})"
            for stage_name, amounts in stages.items():
                stage, symbol, source_date, note = sources[(year, stage_name)]
                line.amounts.append(BudgetAmount(
                    stage=stage, amount=amounts[code], source_symbol=symbol, source_date=source_date,
                    provenance=Provenance.ILLUSTRATIVE, source_note=f"{note} {ILLUSTRATIVE_SPLIT}",
                ))
            session.add(line)


def _below_gross_line(mission: Mission, period: BudgetPeriod, expenditure_class: ExpenditureClass,
                      number: int) -> BudgetLine:
    """The 2019/20 line of staff assessment income or voluntary contributions in kind, at each
    stage the demo records, illustrative and labelled so."""
    line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=expenditure_class.id,
                      ref=f"BL-{number:03d}", description=f"{expenditure_class.name} (illustrative)")
    for stage_name in figures.BELOW_GROSS_STAGES:
        line.amounts.append(BudgetAmount(
            stage=BudgetStage(stage_name), amount=figures.BELOW_GROSS_2019_20[expenditure_class.code], source_symbol="",
            source_date=None, provenance=Provenance.ILLUSTRATIVE, source_note=figures.BELOW_GROSS_NOTE))
    return line


def _cpas(session: Session, mission: Mission, tasks: dict[str, MandatedTask]) -> None:
    outcome = Outcome(
        mission_id=mission.id, code="O1", title="Civilians in Central Mali are better protected from violence",
        description="Intended outcome of the second strategic priority.", mandated_task=tasks["central_mali"],
    )
    indicator = ImpactIndicator(
        code="O1.1", name="Civilian deaths from violence against civilians",
        definition='Sum of fatalities in events of type "Violence against civilians" (ACLED format), Mali.',
        unit="deaths", direction=Direction.LOWER_IS_BETTER,
        baseline_value=figures.CIVILIAN_DEATHS[2016], baseline_on=date(2016, 12, 31),
        data_source=f"{figures.CIVIC_BRIEF}, quoting one tally", frequency="Yearly",
        responsible_section="Joint Mission Analysis Centre", regional_aggregation=RegionalAggregation.SUM,
    )
    indicator.targets.append(IndicatorTarget(
        target_on=date(2020, 6, 30), value=figures.CIVILIAN_DEATHS_TARGET, provenance=Provenance.ILLUSTRATIVE,
        source_note=figures.CIVILIAN_DEATHS_TARGET_NOTE,
    ))
    outcome.indicators.append(indicator)
    for year, deaths in figures.CIVILIAN_DEATHS.items():
        indicator.data_points.append(DataPoint(
            observed_on=date(year, 12, 31), value=deaths, source=f"{figures.CIVIC_BRIEF}, 'according to one tally'",
            comment="Whole of Mali, calendar year. Tallies are revised over time.",
            provenance=Provenance.VERIFIED,
        ))
    session.add(outcome)
