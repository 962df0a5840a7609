"""Generators of large, realistic data for the benchmarks (deterministic: the same every run)."""

import random
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from cpas.record_types import workbook_specs
from cpas.workbook.layout import INSTRUCTIONS_SHEET, headers

REGIONS = ["Bamako", "Gao", "Kidal", "Koulikoro", "Mopti", "Ségou", "Sikasso", "Tombouctou"]
CLASSES = ["Military contingents", "International staff", "National staff", "Facilities and infrastructure",
           "Ground transportation", "Air operations", "Communications and information technology",
           "Other supplies, services and equipment"]


def data_workbook(rows: int = 10_000, seed: int = 2019, new_scope: bool = True) -> bytes:
    """A data workbook for BENCH 2019/20 with about ``rows`` records: activities, budget lines with
    three stage amounts each, and indicator data points by region and date. With ``new_scope``
    it also creates the mission, period, outcome and indicator they belong to; without, they
    must be in the database already (``data_workbook(0)`` creates them)."""
    rng = random.Random(seed)
    specs = {spec.name: spec for spec in workbook_specs()}
    book = Workbook()
    sheet = book.active
    sheet.title = INSTRUCTIONS_SHEET
    for row in (("CPAS tracker: data workbook", ""), ("", ""), ("Mission", "BENCH"), ("Budget period", "2019/20")):
        sheet.append(row)
    sheets = {name: book.create_sheet(spec.sheet) for name, spec in specs.items()}
    for name, spec in specs.items():
        sheets[name].append(headers(spec))
    if new_scope:
        sheets["missions"].append(["", "BENCH", "Benchmark mission", "Mali", ", ".join(REGIONS)])
        sheets["periods"].append(["", "2019/20", date(2019, 7, 1), date(2020, 6, 30)])
        sheets["outcomes"].append(["", "O1", "Civilians are better protected", "", ""])
        sheets["impact-indicators"].append(["", "O1", "O1.1", "Civilian deaths", "", "deaths", "lower_is_better",
                                            "", "", "", "", ""])
    activities = rows // 10
    lines = rows // 10
    points = rows - activities - 4 * lines - (4 if new_scope else 0)
    for number in range(1, activities + 1):
        start = date(2019, 7, 1) + timedelta(days=rng.randrange(300))
        sheets["activities"].append([
            "", f"A-{number:05d}", f"Activity {number}: patrol and community engagement", rng.choice(
                ["military", "police", "civilian", "joint"]), "Section " + str(number % 12), rng.choice(REGIONS),
            start, start + timedelta(days=rng.randrange(1, 60)), "planned", "", "", "", "", "", ""])
    for number in range(1, lines + 1):
        ref = f"BL-{number:05d}"
        sheets["budget-lines"].append(["", ref, rng.choice(CLASSES), f"Line {number}", "",
                                       f"A-{rng.randrange(1, activities + 1):05d}"])
        proposed = Decimal(rng.randrange(10_000_00, 5_000_000_00)) / 100
        for stage, amount in (("proposed", proposed), ("recommended", proposed * Decimal("0.99")),
                              ("approved", proposed * Decimal("0.98"))):
            sheets["budget-amounts"].append(["", ref, stage, amount.quantize(Decimal("0.01")), "A/74/737/Add.11",
                                             date(2019, 6, 28), "illustrative", ""])
    first_day = date(2016, 1, 1)
    for number in range(points):
        day = first_day + timedelta(days=number // len(REGIONS))
        sheets["data-points"].append(["", "O1.1", day, REGIONS[number % len(REGIONS)], rng.randrange(0, 40),
                                      "Generated", "", "", "verified"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def large_mission(session, lines: int = 300, components: int = 6, accomplishments: int = 40, indicators: int = 120,
                  outputs: int = 400, seed: int = 2020) -> tuple:
    """A large mission (BIGMISSION 2019/20 with 2018/19 before it) written straight into the
    database: ``lines`` budget lines at all five stages, and an RBB framework of the given size."""
    from sqlalchemy import select

    from cpas.models import (
        BudgetAmount,
        BudgetLine,
        BudgetPeriod,
        BudgetStage,
        Component,
        ExpectedAccomplishment,
        ExpenditureClass,
        IndicatorOfAchievement,
        IndicatorValue,
        IndicatorValueKind,
        Mission,
        Output,
        Post,
        PostGrade,
    )

    rng = random.Random(seed)
    mission = Mission(code="BIGMISSION", name="Large benchmark mission", country="Mali")
    periods = [BudgetPeriod(label=BudgetPeriod.label_for_start_year(year), starts_on=date(year, 7, 1),
                            ends_on=date(year + 1, 6, 30)) for year in (2017, 2018, 2019)]
    session.add_all([mission, *periods])
    session.flush()
    period = periods[-1]
    classes = session.scalars(select(ExpenditureClass)).all()
    for number in range(lines):
        for target_period in periods[1:]:
            line = BudgetLine(mission_id=mission.id, period_id=target_period.id, class_id=classes[number % 21].id,
                              ref=f"BL-{number:04d}", description=f"Line {number}")
            base = Decimal(rng.randrange(100_000_00, 9_000_000_00)) / 100
            for position, stage in enumerate(BudgetStage):
                line.amounts.append(BudgetAmount(stage=stage, amount=(base * (1 - Decimal(position) / 50))
                                                 .quantize(Decimal("0.01"))))
            session.add(line)
    component_objects = [Component(mission_id=mission.id, period_id=period.id, number=n + 1, name=f"Component {n + 1}")
                         for n in range(components)]
    session.add_all(component_objects)
    accomplishment_objects = []
    for n in range(accomplishments):
        component = component_objects[n % components]
        number = f"{component.number}.{n // components + 1}"
        accomplishment = ExpectedAccomplishment(number=number, text=f"Expected accomplishment {number}")
        component.expected_accomplishments.append(accomplishment)
        accomplishment_objects.append(accomplishment)
    session.flush()
    for n in range(indicators):
        accomplishment = accomplishment_objects[n % accomplishments]
        indicator = IndicatorOfAchievement(number=f"{accomplishment.number}.{n // accomplishments + 1}",
                                           text=f"Indicator {n}", unit="events")
        accomplishment.indicators.append(indicator)
        for value_period, kind in zip(periods, IndicatorValueKind, strict=False):
            indicator.values.append(IndicatorValue(period_id=value_period.id, kind=kind,
                                                   value=Decimal(rng.randrange(1, 500))))
    for n in range(outputs):
        accomplishment_objects[n % accomplishments].outputs.append(Output(
            position=n // accomplishments + 1, description=f"Output {n}: patrols and meetings",
            planned_quantity=Decimal(rng.randrange(10, 400)), completed_quantity=Decimal(rng.randrange(0, 400))))
    for component in component_objects:
        for grade in PostGrade:
            component.posts.append(Post(grade=grade, approved_count=rng.randrange(0, 30),
                                        proposed_count=rng.randrange(0, 30)))
    session.commit()
    return mission, period


ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp")
ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Protests", "Riots", "Strategic developments",
                     "Violence against civilians")
ACTORS = ("JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)", "Dan Na Ambassagou",
          "Military Forces of Mali (2021-)", "Unidentified Armed Group (Mali)", "Protesters (Mali)")


def acled_csv(events: int = 300_000, regions: list[str] = REGIONS, first_year: int = 2012, seed: int = 2018) -> bytes:
    """An incident file in ACLED's current CSV layout, every event made up: more violence from
    November to March, as a planner would want to see."""
    rng = random.Random(seed)
    days = (date(2024, 12, 31) - date(first_year, 1, 1)).days
    lines = [ACLED_HEADER]
    for number in range(events):
        day = date(first_year, 1, 1) + timedelta(days=rng.randrange(days))
        if day.month in (4, 5, 6, 7, 8, 9, 10) and rng.random() < 0.4:  # fewer events outside the dry season
            day = day.replace(month=rng.choice((11, 12, 1, 2, 3)), day=min(day.day, 28))
        event_type = rng.choice(ACLED_EVENT_TYPES)
        fatalities = rng.randrange(0, 12) if event_type in ("Battles", "Violence against civilians") else 0
        region = rng.choice(regions)
        lines.append(
            f"BEN{number},{day.isoformat()},{day.year},1,Political violence,{event_type},Attack,"
            f"{rng.choice(ACTORS)},,3,Civilians (Mali),,7,37,,466,Western Africa,Mali,{region},District,,Place "
            f"{number % 900},{rng.uniform(10, 25):.4f},{rng.uniform(-12, 4):.4f},1,Generated,National,"
            f"\"Generated event {number}, for the benchmark\",{fatalities},,1700000000")
    return ("\n".join(lines) + "\n").encode()

