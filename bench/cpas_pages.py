"""CPAS pages at ten times the whole UN CPAS's reported scale, on the scale benchmark's file
(``bench.scale_data``: 1.1 million data points over 10,000 impact indicators in 11 missions,
300,000 incidents), for its biggest mission. Each page is requested as leadership would, through
the app, nothing served from the report cache; the health check, which touches no data, is timed
in the same run as the baseline of the machine's noise.

    python -m bench.cpas_pages                         # generates /tmp/scale/scale-1.db when missing
    python -m bench.cpas_pages --db /tmp/scale/scale-0.1.db
"""

import argparse
import statistics
import time
from pathlib import Path

from sqlalchemy import select

from bench.scale_data import DATA_DIR, MEASURED_PERIOD, PASSWORD, biggest_mission, database_for, working_copy

PAGES = {
    "health check (baseline)": "/healthz",
    "CPAS results page": "/m/{mission}/{period}/results/",
    "mission overview": "/m/{mission}/{period}/",
    "awaiting me": "/m/{mission}/{period}/assessments/awaiting",
    "incident data page": "/m/{mission}/{period}/incidents/",
    "threat calendar page": "/m/{mission}/{period}/reports/threat-calendar",
    "threat calendar workbook": "/m/{mission}/{period}/reports/threat-calendar.xlsx",
    "CPAS impact assessment (every outcome summed up, ten in detail)": "/m/{mission}/{period}/reports/assessment",
    "CPAS impact assessment, every outcome in detail (to print the round)":
        "/m/{mission}/{period}/reports/assessment?page=all",
}
LOGIN = "leader"  # of bench.scale_data: leadership in the biggest mission


def time_pages(app, mission: str, period: str, repeats: int) -> dict:
    figures = {}
    with app.test_client() as client:
        signed_in = client.post("/login", data={"login": LOGIN, "password": PASSWORD})
        assert signed_in.status_code == 302, "the benchmark's leader could not sign in"
        for name, path in PAGES.items():
            url = path.format(mission=mission, period=period)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            seconds = []
            for _ in range(repeats):
                started = time.perf_counter()
                client.get(url)
                seconds.append(time.perf_counter() - started)
            figures[f"{name}, median of {repeats} (ms)"] = round(statistics.median(seconds) * 1000)
    return figures


def run(database: Path | None = None, repeats: int = 5) -> dict:
    """The figures of one run on ``database`` (a file of ``bench.scale_data``; None: scale 1.0's)."""
    from cpas import create_app, settle_for_serving
    from cpas.db import get_session
    from cpas.models import BudgetPeriod

    with working_copy(database or database_for(1.0, DATA_DIR)) as copy:
        app = create_app({"DATABASE_URL": f"sqlite:///{copy}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "REPORT_CACHE_SECONDS": 0})
        settle_for_serving()  # as app.py does for gunicorn's workers
        try:
            with app.app_context():
                session = get_session()
                mission = biggest_mission(session).code
                period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == MEASURED_PERIOD)).slug
                session.close()
            return {"mission": mission, **time_pages(app, mission, period, repeats)}
        finally:
            app.extensions["cpas.engine"].dispose()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, help="this file of bench.scale_data instead of --scale's")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args(argv)
    for name, value in run(arguments.db or database_for(arguments.scale, DATA_DIR), arguments.repeats).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
