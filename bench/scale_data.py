"""The scale benchmark's data: one migrated SQLite file at a chosen scale factor, every figure made
up and the same every run. Scale 1.0 is ten times the whole UN CPAS: 11 missions, 10,000 impact
indicators with 1.1 million data points, 300,000 incidents, 6,600 budget lines at the five stages,
11,000 activities and 8,800 outputs (about 1.6 million rows). The missions are of very different
sizes (the biggest holds 17 % of everything, the smallest 4 %); a third of the indicators add up by
region and have a value for each of the mission's 8 to 16 regions; incidents cluster in the dry
season (November to March) and in a few regions. Written with bulk inserts (SQLAlchemy Core
``insert()`` with lists of rows), so that scale 1.0 loads in well under two minutes.

    python -m bench.scale_data --scale 0.1 --out /tmp/scale-0.1.db

Accounts, password ``PASSWORD``: ``admin`` (every mission), ``leader`` and ``officer`` (their role
in the biggest mission only), ``reviewer`` (a budget reviewer at headquarters: every mission)."""

import argparse
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench.generate import ACLED_EVENT_TYPES, ACTORS, REGIONS
from cpas import migrate as migrations

# What scale 1.0 holds in all: ten times the UN's CPAS.
FULL = {"indicators": 10_000, "data_points": 1_100_000, "incidents": 300_000, "budget_lines": 6_600,
        "activities": 11_000, "outputs": 8_800}
# The share of each of the 11 missions: a few big ones, many small.
MISSION_WEIGHTS = (17, 14, 12, 10, 9, 8, 8, 7, 6, 5, 4)
INDICATORS_PER_OUTCOME = 10
MONTHS = 60  # every indicator has a value for the whole mission area each month, July 2015 to June 2020
FIRST_MONTH = date(2015, 7, 1)
PERIOD_YEARS = (2017, 2018, 2019)  # 2017/18 to 2019/20; budgets, activities and outputs in the last two
MEASURED_PERIOD = "2019/20"
PASSWORD = "bench-password"  # noqa: S105 - of throwaway accounts in a throwaway database
ACCOUNTS = {"admin": "admin", "leader": "leadership", "officer": "planning_officer", "reviewer": "budget_reviewer"}
MORE_REGIONS = ["Ménaka", "Taoudénit", "Kayes", "Nioro", "Bandiagara", "Douentza", "San", "Koutiala"]
COUNTRIES = ["Mali", "Central African Republic", "Democratic Republic of the Congo", "South Sudan", "Lebanon",
             "Cyprus", "Western Sahara", "Kosovo", "Abyei", "Golan", "Somalia"]
CHUNK = 50_000  # rows per bulk insert
DATA_DIR = Path(tempfile.gettempdir()) / "scale"  # where the benchmarks keep the file of each scale


@dataclass
class Loaded:
    """What the generator wrote: the row counts, the biggest mission's code, the seconds it took."""
    path: Path
    scale: float
    counts: dict = field(default_factory=dict)
    biggest: str = ""
    period: str = MEASURED_PERIOD
    seconds: float = 0.0


def _share(total: int, scale: float, weight: int) -> int:
    return max(1, round(total * scale * weight / sum(MISSION_WEIGHTS)))


def _regions(number: int, weight: int) -> list[str]:
    count = min(16, 6 + weight * 10 // 17)  # 16 in the biggest mission, 8 in the smallest
    if number == 0:
        return (REGIONS + MORE_REGIONS)[:count]
    return [f"Province {chr(ord('A') + k)}" for k in range(count)]


def _month(offset: int) -> date:
    return date(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + offset) // 12, 1 + (FIRST_MONTH.month - 1 + offset) % 12,
                1)


def _bulk(session: Session, model, rows) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            session.execute(insert(model), batch)
            batch = []
    if batch:
        session.execute(insert(model), batch)


def _ids(session: Session, model, rows: list[dict]) -> list[int]:
    return list(session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows).scalars())


def generate(session: Session, scale: float = 1.0, seed: int = 2026) -> dict:
    """Writes the missions' data into ``session``'s database (migrated, empty); returns the counts
    of rows written by table and the biggest mission's code."""
    from cpas.incidents.services import count_incidents_by_month
    from cpas.models import (
        Activity,
        ActivityStatus,
        AssessmentStatus,
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
        ImpactAssessment,
        ImpactIndicator,
        Incident,
        IncidentImport,
        IndicatorOfAchievement,
        IndicatorTarget,
        IndicatorValue,
        IndicatorValueKind,
        Mandate,
        MandatedTask,
        Mission,
        Outcome,
        Output,
        Pillar,
        Post,
        PostGrade,
        Provenance,
        RatingLevel,
        Recommendation,
        RecommendationStatus,
        RegionalAggregation,
        ReportKind,
        TaskPriority,
        VarianceCause,
        VarianceExplanation,
        activity_tasks,
    )

    rng = random.Random(seed)
    counts: dict[str, int] = {}

    def written(name: str, number: int) -> None:
        counts[name] = counts.get(name, 0) + number

    periods = {}
    for year in PERIOD_YEARS:
        label = BudgetPeriod.label_for_start_year(year)
        periods[label] = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == label)) or BudgetPeriod(
            label=label, starts_on=date(year, 7, 1), ends_on=date(year + 1, 6, 30))
        session.add(periods[label])
    session.flush()
    budget_periods = [periods[label] for label in list(periods)[-2:]]
    measured = periods[MEASURED_PERIOD]
    class_ids = list(session.scalars(select(ExpenditureClass.id).order_by(ExpenditureClass.position)))
    rating_ids = list(session.scalars(select(RatingLevel.id).order_by(RatingLevel.position)))
    months = [_month(m) for m in range(MONTHS)]
    now = datetime(2020, 7, 15, 9, 0)
    days = (date(2020, 6, 30) - date(2012, 1, 1)).days  # of incidents
    codes = []
    for number, weight in enumerate(MISSION_WEIGHTS):
        code = f"SCALE{number + 1:02d}"
        codes.append(code)
        regions = _regions(number, weight)
        # Incidents fall more in some regions than in others.
        region_weights = [1 / (k + 1) for k in range(len(regions))]
        mission_id = _ids(session, Mission, [{"code": code, "name": f"Scale mission {number + 1}",
                                              "country": COUNTRIES[number], "regions": ", ".join(regions),
                                              "version": 1}])[0]
        written("missions", 1)

        # The mandate: one resolution, eight tasks.
        mandate_id = _ids(session, Mandate, [
            {"mission_id": mission_id, "resolution_symbol": f"S/RES/{2480 + number} (2019)",
             "adopted_on": date(2019, 6, 28), "valid_until": date(2020, 6, 30), "summary": "Renews the mandate",
             "version": 1}])[0]
        task_ids = _ids(session, MandatedTask, [
            {"mandate_id": mandate_id, "paragraph_ref": f"para. {20 + t}", "title": f"Mandated task {t + 1}",
             "text": "", "priority": list(TaskPriority)[min(t, 2)], "position": t, "version": 1} for t in range(8)])
        written("mandates", 1)
        written("mandated tasks", len(task_ids))

        # CPAS: outcomes, impact indicators, targets, data points, assessments.
        indicators = _share(FULL["indicators"], scale, weight)
        outcomes = math.ceil(indicators / INDICATORS_PER_OUTCOME)
        outcome_ids = _ids(session, Outcome, [
            {"mission_id": mission_id, "code": f"O{o + 1}", "title": f"Outcome {o + 1} of {code}",
             "description": "", "mandated_task_id": task_ids[o % len(task_ids)], "version": 1}
            for o in range(outcomes)])
        indicator_rows = []
        for i in range(indicators):
            o = i // INDICATORS_PER_OUTCOME
            indicator_rows.append({
                "outcome_id": outcome_ids[o], "code": f"O{o + 1}.{i % INDICATORS_PER_OUTCOME + 1}",
                "name": f"Indicator {o + 1}.{i % INDICATORS_PER_OUTCOME + 1}", "unit": "events", "version": 1,
                "direction": Direction.LOWER_IS_BETTER if i % 2 else Direction.HIGHER_IS_BETTER,
                "baseline_value": Decimal(rng.randrange(50, 500)), "baseline_on": months[0],
                "regional_aggregation": RegionalAggregation.SUM if i % 3 == 0 else RegionalAggregation.NONE,
                "frequency": "monthly", "responsible_section": f"Section {i % 12}"})
        indicator_ids = _ids(session, ImpactIndicator, indicator_rows)
        _bulk(session, IndicatorTarget, (
            {"indicator_id": indicator_id, "target_on": target_on, "value": Decimal(rng.randrange(50, 500)),
             "provenance": Provenance.ILLUSTRATIVE, "version": 1}
            for indicator_id in indicator_ids for target_on in (date(2020, 6, 30), date(2021, 6, 30))))
        written("outcomes", outcomes)
        written("impact indicators", indicators)
        written("indicator targets", 2 * indicators)
        # Every indicator monthly for the whole area; a third (those that add up) by region as well,
        # over the latest months, as many as make the mission's share of data points.
        points = _share(FULL["data_points"], scale, weight)
        by_region = [k for k in range(indicators) if k % 3 == 0]
        national = min(MONTHS, max(1, points // indicators))
        regional_months = max(0, min(MONTHS, round((points - national * indicators)
                                                   / max(1, len(by_region) * len(regions)))))

        def data_points(indicator_ids=indicator_ids, national=national, regional_months=regional_months,
                        regions=regions):
            for k, indicator_id in enumerate(indicator_ids):
                level = rng.randrange(20, 500)
                for month in months[-national:]:
                    yield {"indicator_id": indicator_id, "observed_on": month, "region": "",
                           "value": Decimal(max(0, level + rng.randrange(-40, 41))), "source": "Generated",
                           "provenance": Provenance.VERIFIED, "version": 1}
                if k % 3 == 0 and regional_months:
                    for month in months[-regional_months:]:
                        for region in regions:
                            yield {"indicator_id": indicator_id, "observed_on": month, "region": region,
                                   "value": Decimal(rng.randrange(0, 80)), "source": "Generated",
                                   "provenance": Provenance.VERIFIED, "version": 1}

        rows = list(data_points())
        _bulk(session, DataPoint, rows)
        written("data points", len(rows))
        del rows
        # Four in ten approved, two submitted (awaiting leadership), three drafts, one returned.
        statuses = [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED,
                    AssessmentStatus.RETURNED, AssessmentStatus.APPROVED, AssessmentStatus.DRAFT,
                    AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED, AssessmentStatus.DRAFT,
                    AssessmentStatus.APPROVED]
        assessment_ids = _ids(session, ImpactAssessment, [
            {"mission_id": mission_id, "outcome_id": outcome_id, "title": f"Assessment of outcome {o + 1}",
             "covers_from": measured.starts_on, "covers_to": measured.ends_on,
             "rating_level_id": rating_ids[o % len(rating_ids)] if rating_ids else None,
             "status": statuses[o % len(statuses)], "analysis": "Generated analysis.", "version": 1}
            for o, outcome_id in enumerate(outcome_ids)])
        _bulk(session, Recommendation, (
            {"assessment_id": assessment_id, "position": p, "text": f"Recommendation {p + 1}",
             "owner": "Civil Affairs", "due_on": date(2020, 12, 31), "status": list(RecommendationStatus)[p % 4],
             "version": 1} for assessment_id in assessment_ids for p in range(2)))
        written("impact assessments", len(assessment_ids))
        written("recommendations", 2 * len(assessment_ids))

        # The budget and the RBB framework of the last two periods: half of each share in each.
        for period in budget_periods:
            half = 2
            component_ids = _ids(session, Component, [
                {"mission_id": mission_id, "period_id": period.id, "number": c + 1, "name": f"Component {c + 1}",
                 "objective": "", "version": 1} for c in range(5)])
            accomplishment_rows = [{"component_id": component_id, "number": f"{c + 1}.{e + 1}",
                                    "text": f"Expected accomplishment {c + 1}.{e + 1}", "version": 1}
                                   for c, component_id in enumerate(component_ids) for e in range(3)]
            accomplishment_ids = _ids(session, ExpectedAccomplishment, accomplishment_rows)
            rbb_indicator_ids = _ids(session, IndicatorOfAchievement, [
                {"expected_accomplishment_id": accomplishment_id, "number": f"{row['number']}.{n + 1}",
                 "text": f"Indicator of achievement {row['number']}.{n + 1}", "unit": "events", "version": 1}
                for accomplishment_id, row in zip(accomplishment_ids, accomplishment_rows, strict=True)
                for n in range(2)])
            _bulk(session, IndicatorValue, (
                {"indicator_id": indicator_id, "period_id": period.id, "kind": kind,
                 "value": Decimal(rng.randrange(1, 500)), "version": 1}
                for indicator_id in rbb_indicator_ids for kind in IndicatorValueKind))
            _bulk(session, ExternalFactor, (
                {"component_id": component_id, "position": p, "text": f"External factor {p + 1}", "version": 1}
                for component_id in component_ids for p in range(2)))
            _bulk(session, Post, (
                {"component_id": component_id, "grade": grade, "approved_count": rng.randrange(0, 40),
                 "proposed_count": rng.randrange(0, 40), "version": 1}
                for component_id in component_ids for grade in PostGrade))
            outputs = max(1, _share(FULL["outputs"], scale, weight) // half)
            output_ids = _ids(session, Output, [
                {"expected_accomplishment_id": accomplishment_ids[n % len(accomplishment_ids)],
                 "position": n // len(accomplishment_ids) + 1, "description": f"Output {n + 1}: patrols and meetings",
                 "planned_quantity": Decimal(rng.randrange(10, 400)),
                 "completed_quantity": Decimal(rng.randrange(0, 400)), "version": 1} for n in range(outputs)])
            activities = max(1, _share(FULL["activities"], scale, weight) // half)
            activity_rows = []
            for n in range(activities):
                starts = period.starts_on + timedelta(days=rng.randrange(300))
                activity_rows.append({
                    "mission_id": mission_id, "period_id": period.id, "ref": f"A-{n + 1:05d}",
                    "title": f"Activity {n + 1}: patrol and community engagement", "pillar": rng.choice(list(Pillar)),
                    "responsible_section": f"Section {n % 12}", "region": rng.choice(regions),
                    "starts_on": starts, "ends_on": starts + timedelta(days=rng.randrange(1, 60)),
                    "status": rng.choice(list(ActivityStatus)), "component_id": rng.choice(component_ids),
                    "output_id": rng.choice(output_ids), "operation_name": f"Operation {n % 40}" if n % 5 == 0 else "",
                    "civilian_harm_risk": "", "description": "", "version": 1})
            activity_ids = _ids(session, Activity, activity_rows)
            session.execute(insert(activity_tasks), [{"activity_id": activity_id, "task_id": rng.choice(task_ids)}
                                                     for activity_id in activity_ids])
            lines = max(1, _share(FULL["budget_lines"], scale, weight) // half)
            line_ids = _ids(session, BudgetLine, [
                {"mission_id": mission_id, "period_id": period.id, "ref": f"BL-{n + 1:05d}",
                 "class_id": class_ids[n % len(class_ids)], "description": f"Line {n + 1}",
                 "component_id": rng.choice(component_ids), "activity_id": rng.choice(activity_ids), "version": 1}
                for n in range(lines)])
            amounts = []
            for line_id in line_ids:
                base = rng.randrange(100_000_00, 9_000_000_00)
                for position, stage in enumerate(BudgetStage):
                    amounts.append({"line_id": line_id, "stage": stage,
                                    "amount": Decimal(base * (50 - position) // 50) / 100,
                                    "source_symbol": "A/74/737", "source_date": period.starts_on,
                                    "provenance": Provenance.ILLUSTRATIVE, "version": 1})
            _bulk(session, BudgetAmount, amounts)
            session.execute(insert(VarianceExplanation), [
                {"mission_id": mission_id, "period_id": period.id, "class_id": class_id, "report_kind": kind,
                 "cause": rng.choice(list(VarianceCause)), "text": "Generated explanation.", "version": 1}
                for class_id in class_ids[:5] for kind in ReportKind])
            written("components", len(component_ids))
            written("expected accomplishments", len(accomplishment_ids))
            written("indicators of achievement", len(rbb_indicator_ids))
            written("outputs", len(output_ids))
            written("activities", len(activity_ids))
            written("budget lines", len(line_ids))
            written("budget amounts", len(amounts))

        # Incidents: 2012 to June 2020, more in the dry season and in a few regions.
        incidents = _share(FULL["incidents"], scale, weight)
        import_id = _ids(session, IncidentImport, [{"mission_id": mission_id, "file_name": "generated.csv",
                                                    "layout": "acled", "imported_at": now, "rows": incidents,
                                                    "created": incidents, "updated": 0}])[0]

        def incident_rows(mission_id=mission_id, import_id=import_id, regions=regions, region_weights=region_weights,
                          incidents=incidents, code=code):
            for n in range(incidents):
                day = date(2012, 1, 1) + timedelta(days=rng.randrange(days))
                if day.month in (4, 5, 6, 7, 8, 9, 10) and rng.random() < 0.5:
                    day = day.replace(month=rng.choice((11, 12, 1, 2, 3)), day=min(day.day, 28))
                event_type = rng.choice(ACLED_EVENT_TYPES)
                yield {"mission_id": mission_id, "event_id": f"{code}-{n}", "event_date": day, "event_type": event_type,
                       "sub_event_type": "Attack", "actor1": rng.choice(ACTORS), "actor2": "Civilians",
                       "admin1": rng.choices(regions, region_weights)[0], "admin2": "District",
                       "location": f"Place {n % 900}",
                       "latitude": Decimal(rng.randrange(10_000_000, 25_000_000)) / 1_000_000,
                       "longitude": Decimal(rng.randrange(-12_000_000, 4_000_000)) / 1_000_000,
                       "fatalities": rng.randrange(0, 12) if event_type in ("Battles", "Violence against civilians")
                       else 0, "source": "Generated", "notes": f"Generated event {n}", "import_id": import_id}

        _bulk(session, Incident, incident_rows())
        count_incidents_by_month(session, session.get(Mission, mission_id))
        written("incidents", incidents)
        session.commit()
    _accounts(session, session.scalar(select(Mission).where(Mission.code == codes[0])))
    session.commit()
    return {"counts": counts, "biggest": codes[0]}


def _accounts(session: Session, biggest) -> None:
    """The demo's accounts: an administrator, a budget reviewer at headquarters, and a leader and a
    planning officer who hold their roles in the biggest mission only."""
    from cpas.auth.services import create_user
    from cpas.models import MissionRole, Role

    for login, role in ACCOUNTS.items():
        at_headquarters = Role(role) in (Role.ADMIN, Role.BUDGET_REVIEWER)
        user = create_user(session, login, PASSWORD, Role(role) if at_headquarters else None,
                           display_name=login.title(), check_password=False)
        if not at_headquarters:
            session.add(MissionRole(user_id=user.id, mission_id=biggest.id, role=Role(role)))
    session.flush()


def write(path: Path | str, scale: float = 1.0, seed: int = 2026) -> Loaded:
    """A new SQLite file at ``path`` (replaced if it exists), migrated and filled at ``scale``."""
    path = Path(path)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    engine = sa.create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)

    @sa.event.listens_for(engine, "connect")
    def _fast(connection, _record):  # a throwaway file: no need to survive a power cut while loading
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    engine.dispose()
    try:
        with Session(engine) as session:
            result = generate(session, scale, seed)
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    return Loaded(path=path, scale=scale, counts=result["counts"], biggest=result["biggest"],
                  seconds=time.perf_counter() - started)


def database_for(scale: float, folder: Path = DATA_DIR, regenerate: bool = False) -> Path:
    """The file of ``scale`` in ``folder``, generated when missing (it takes a minute at 1.0)."""
    path = folder / f"scale-{scale:g}.db"
    if regenerate or not path.exists():
        loaded = write(path, scale)
        print(f"generated {path}: {sum(loaded.counts.values()):,} rows in {loaded.seconds:.1f} s", file=sys.stderr,
              flush=True)
    return path


@contextmanager
def working_copy(source: Path) -> Iterator[Path]:
    """A copy of a scale file that a benchmark may write to (accounts, sessions), removed afterwards:
    the file itself stays as generated, for the next benchmark."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / source.name
        shutil.copyfile(source, copy)
        yield copy


def biggest_mission(session: Session):
    """The mission with the most impact indicators."""
    from cpas.models import ImpactIndicator, Mission, Outcome

    return session.scalar(select(Mission).join(Outcome, Outcome.mission_id == Mission.id)
                          .join(ImpactIndicator, ImpactIndicator.outcome_id == Outcome.id)
                          .group_by(Mission.id).order_by(sa.func.count(ImpactIndicator.id).desc()).limit(1))


def add_accounts(database: Path, login: str, role: str, number: int) -> None:
    """``number`` accounts of ``role`` at headquarters, ``login`` formatted with ``n`` (0, 1, …),
    password ``PASSWORD``: the people of a load test."""
    from cpas.auth.services import create_user
    from cpas.models import Role

    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            for n in range(number):
                create_user(session, login.format(n=n), PASSWORD, Role(role), check_password=False)
            session.commit()
    finally:
        engine.dispose()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: ten times the UN's CPAS (default)")
    parser.add_argument("--out", type=Path, required=True, help="the SQLite file to write (replaced)")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    loaded = write(arguments.out, arguments.scale, arguments.seed)
    size = loaded.path.stat().st_size / 1e6
    print(f"{loaded.path}: scale {loaded.scale}, {sum(loaded.counts.values()):,} rows, {size:.0f} MB, "
          f"{loaded.seconds:.1f} s; biggest mission {loaded.biggest} {loaded.period}; accounts "
          f"{', '.join(ACCOUNTS)} (password {PASSWORD})")
    for name, number in loaded.counts.items():
        print(f"  {name}: {number:,}")


if __name__ == "__main__":
    main()
