"""The leadership dashboard at ten times the whole UN CPAS, on the scale benchmark's file
(``bench.scale_data``), for its biggest mission: timed alone through the app, assembled (as after
a change) and kept (as between changes: ``cpas/reports/cache.py``), then under load from a process
of its own (signed-in people for a minute) through gunicorn as ``make run`` serves it. The health
check, which touches no data, is timed the same way as the baseline of the machine's noise.

    python -m bench.leadership                         # generates /tmp/scale/scale-1.db when missing
    python -m bench.leadership --db /tmp/scale/scale-0.1.db --users 50 --seconds 60
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from bench.scale_data import (
    DATA_DIR,
    MEASURED_PERIOD,
    PASSWORD,
    add_accounts,
    biggest_mission,
    database_for,
    working_copy,
)
from bench.served import PROJECT, served

PAGES = {"health check (baseline)": "/healthz", "mission dashboard": "/m/{mission}/{period}/dashboard"}
ACCOUNT = "bench-leader-{n}"


def time_alone(app, path: str, repeats: int) -> float:
    with app.test_client() as client:
        assert client.post("/login", data={"login": ACCOUNT.format(n=0), "password": PASSWORD}).status_code == 302
        assert client.get(path).status_code == 200, path
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(path)
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def under_load(base: str, path: str, users: int, seconds: float, think: float) -> dict:
    command = [sys.executable, "-m", "bench.load", "--base", base, "--account", ACCOUNT, "--password", PASSWORD,
               "--users", str(users), "--seconds", str(seconds), "--think", str(think), path]
    finished = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True,
                              timeout=seconds + 300)
    return json.loads(finished.stdout)


def run(database: Path | None = None, users: int = 50, seconds: float = 60, think: float = 2.0,
        repeats: int = 5) -> dict:
    """The figures of one run on ``database`` (a file of ``bench.scale_data``; None: scale 1.0's)."""
    from cpas import create_app, settle_for_serving
    from cpas.db import get_session
    from cpas.models import BudgetPeriod

    with working_copy(database or database_for(1.0, DATA_DIR)) as copy:
        add_accounts(copy, ACCOUNT, "leadership", max(users, 1))
        url = f"sqlite:///{copy}"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        settle_for_serving()  # as app.py does for gunicorn's workers
        try:
            with app.app_context():
                session = get_session()
                mission = biggest_mission(session).code
                period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == MEASURED_PERIOD)).slug
                session.close()
            paths = {name: path.format(mission=mission, period=period) for name, path in PAGES.items()}
            figures = {"mission": mission}
            app.config["REPORT_CACHE_SECONDS"] = 0  # as after every change: assembled anew
            for name, path in paths.items():
                figures[f"{name} alone, assembled, median of {repeats} (ms)"] = round(
                    time_alone(app, path, repeats) * 1000)
            app.config["REPORT_CACHE_SECONDS"] = 600  # as between changes: the assembled report kept
            figures[f"mission dashboard alone, kept, median of {repeats} (ms)"] = round(
                time_alone(app, paths["mission dashboard"], repeats) * 1000)
        finally:
            app.extensions["cpas.engine"].dispose()
        with served(url) as base:
            load = under_load(base, paths["mission dashboard"], users, seconds, think)
        figures.update({f"under load: {name}": value for name, value in load.items()})
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, help="this file of bench.scale_data instead of --scale's")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0, help="seconds a person reads a page, on average")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args(argv)
    database = arguments.db or database_for(arguments.scale, DATA_DIR)
    for name, value in run(database, arguments.users, arguments.seconds, arguments.think, arguments.repeats).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
