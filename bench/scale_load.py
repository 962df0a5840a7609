"""Load at ten times the whole UN CPAS: signed-in people (50 by default) for a minute, on a mix of
the pages people read most (the overview, a report, a list and a record's page) of the biggest
mission of the scale benchmark's file, through gunicorn as ``make run`` serves it (two sync
workers), from a process of its own (``bench.load``), on a copy of the file. The health check is
loaded the same way first, as the baseline of the machine.

    python -m bench.scale_load --scale 1.0              # generates /tmp/scale/scale-1.db when missing
    python -m bench.scale_load --db /tmp/scale/scale-0.1.db --users 50 --seconds 60 --think 2
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from bench.scale_data import DATA_DIR, MEASURED_PERIOD, PASSWORD, biggest_mission, database_for
from bench.served import PROJECT, served

ACCOUNT = "bench-reviewer-{n}"
PAGES = ("/m/{mission}/{period}/", "/m/{mission}/{period}/reports/rbb", "/m/{mission}/{period}/records/data-points/",
         "/m/{mission}/{period}/records/activities/{activity}")


def prepare(database: Path, users: int) -> list[str]:
    """One account per person (budget reviewers at headquarters); the pages' paths."""
    from cpas import create_app
    from cpas.auth.services import create_user
    from cpas.db import get_session
    from cpas.models import Activity, BudgetPeriod, Role

    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "bench"})
    with app.app_context():
        session = get_session()
        for number in range(users):
            create_user(session, ACCOUNT.format(n=number), PASSWORD, Role.BUDGET_REVIEWER)
        session.commit()
        mission = biggest_mission(session)
        period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == MEASURED_PERIOD))
        activity = session.scalar(select(Activity.id).where(Activity.mission_id == mission.id,
                                                            Activity.period_id == period.id).order_by(Activity.id))
        paths = [page.format(mission=mission.code, period=period.slug, activity=activity) for page in PAGES]
    app.extensions["cpas.engine"].dispose()
    return paths


def load(base: str, paths: list[str], users: int, seconds: float, think: float) -> dict:
    command = [sys.executable, "-m", "bench.load", "--base", base, "--account", ACCOUNT, "--password", PASSWORD,
               "--users", str(users), "--seconds", str(seconds), "--think", str(think), *paths]
    finished = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True,
                              timeout=seconds + 300)
    return json.loads(finished.stdout)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, help="this file of bench.scale_data instead of --scale's")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0, help="seconds a person reads a page, on average")
    arguments = parser.parse_args(argv)
    source = arguments.db or database_for(arguments.scale, DATA_DIR)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "copy.db"
        shutil.copyfile(source, database)
        paths = prepare(database, arguments.users)
        print(f"{arguments.users} people, {arguments.seconds:g} s, think {arguments.think:g} s, on {source}: "
              + ", ".join(paths), flush=True)
        with served(f"sqlite:///{database}") as base:
            for name, pages in (("health check (baseline)", ["/healthz"]), ("mix of four pages", paths)):
                figures = load(base, pages, arguments.users, arguments.seconds, arguments.think)
                print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in figures.items()), flush=True)


if __name__ == "__main__":
    main()
