"""The CPAS impact assessment page at the scale of ten times CPAS today (10,000 indicators, 1.1
million data points), served by the app from a fresh SQLite database: the time of the request
(its queries, builders and template), median of several. Target: under 300 ms.

The data is spread over ``missions`` missions, as CPAS spreads it over eleven. The page shows every
outcome in its summary and ten outcomes in detail; every outcome in detail (``?page=all``, to
print the whole round) is timed too, for what it costs."""

import gc
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from bench.database import fresh_app
from cpas.auth.services import create_user
from cpas.db import get_session
from cpas.models import (
    BudgetPeriod,
    DataPoint,
    Direction,
    ImpactIndicator,
    IndicatorTarget,
    Mission,
    Outcome,
    RegionalAggregation,
    Role,
)

REGIONS = ["Gao", "Kidal", "Mopti", "Tombouctou"]
INDICATORS_PER_OUTCOME = 10


def generate(session, indicators: int, points_per_indicator: int, missions: int) -> None:
    """``indicators`` impact indicators split over ``missions`` missions, each with quarterly values
    for the whole mission and four regions (``points_per_indicator`` in all), written in bulk."""
    period = BudgetPeriod(label="2019/20", starts_on=date(2019, 7, 1), ends_on=date(2020, 6, 30))
    session.add(period)
    mission_rows = [Mission(code=f"BENCH{number}", name=f"Benchmark mission {number}", country="Mali",
                            regions=", ".join(REGIONS)) for number in range(missions)]
    session.add_all(mission_rows)
    session.flush()
    per_mission = indicators // missions
    dates = points_per_indicator // (len(REGIONS) + 1)
    days = [date(2020, 6, 30) - timedelta(days=91 * step) for step in range(dates)][::-1]
    indicator_id = 0
    for mission in mission_rows:
        outcomes = [{"mission_id": mission.id, "code": f"O{number}", "title": f"Outcome {number}", "description": ""}
                    for number in range(per_mission // INDICATORS_PER_OUTCOME)]
        session.execute(insert(Outcome), outcomes)
        outcome_ids = session.scalars(select(Outcome.id).where(Outcome.mission_id == mission.id)
                                      .order_by(Outcome.id)).all()
        indicator_rows, target_rows, point_rows = [], [], []
        for number in range(per_mission):
            indicator_id += 1
            indicator_rows.append({
                "id": indicator_id, "outcome_id": outcome_ids[number // INDICATORS_PER_OUTCOME],
                "code": f"I{number}", "name": f"Indicator {number}", "definition": "", "unit": "events",
                "direction": Direction.LOWER_IS_BETTER if number % 2 else Direction.HIGHER_IS_BETTER,
                "baseline_value": Decimal(100), "baseline_on": days[0], "data_source": "", "frequency": "Quarterly",
                "responsible_section": "", "regional_aggregation": RegionalAggregation.SUM, "version": 1})
            target_rows.append({"indicator_id": indicator_id, "target_on": date(2020, 6, 30), "value": Decimal(150),
                                "source_note": "", "version": 1})
            for step, day in enumerate(days):
                parts = [Decimal(20 + (number + step + index) % 9) for index in range(len(REGIONS))]
                point_rows.append({"indicator_id": indicator_id, "observed_on": day, "region": "",
                                   "value": sum(parts) + (1 if (number + step) % 17 == 0 else 0), "version": 1})
                point_rows.extend({"indicator_id": indicator_id, "observed_on": day, "region": region, "value": part,
                                   "version": 1} for region, part in zip(REGIONS, parts, strict=True))
        session.execute(insert(ImpactIndicator), indicator_rows)
        session.execute(insert(IndicatorTarget), target_rows)
        for start in range(0, len(point_rows), 50_000):
            session.execute(insert(DataPoint), point_rows[start:start + 50_000])
    create_user(session, "bench", "bench-password", Role.LEADERSHIP)
    session.commit()


def run(indicators: int = 10_000, points_per_indicator: int = 110, missions: int = 10, repeats: int = 7) -> dict:
    with fresh_app() as app:
        app.config.update(PASSWORD_HASH_METHOD="pbkdf2:sha256:1", WTF_CSRF_ENABLED=False)
        with app.app_context():
            started = time.perf_counter()
            generate(get_session(), indicators, points_per_indicator, missions)
            generated = time.perf_counter() - started
        client = app.test_client()
        client.post("/login", data={"login": "bench", "password": "bench-password"})
        timings, sizes = {}, {}
        for name, query in (("assessment page", ""), ("every outcome on one page", "?page=all")):
            seconds = []
            for _ in range(repeats + 1):  # the first request warms the templates up
                gc.collect()
                started = time.perf_counter()
                response = client.get(f"/m/BENCH0/2019-20/reports/assessment{query}")
                seconds.append(time.perf_counter() - started)
                assert response.status_code == 200
            timings[name], sizes[name] = statistics.median(seconds[1:]), len(response.data)
    return {
        "indicators / data points in the database": f"{indicators:,} / {indicators * points_per_indicator:,}",
        "missions (indicators a mission)": f"{missions} ({indicators // missions:,})",
        "data generated in (s)": round(generated, 1),
        f"assessment page, ten outcomes in detail, median of {repeats} (ms)": round(timings["assessment page"] * 1000),
        "page size (bytes)": sizes["assessment page"],
        f"every outcome in detail (?page=all), median of {repeats} (ms)":
            round(timings["every outcome on one page"] * 1000),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
