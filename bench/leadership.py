"""The leadership dashboard at ten times the whole UN CPAS (the data of ``bench.cpas_pages``), in
SQLite: timed alone through the app, assembled (as after a change) and kept (as between
changes: ``cpas/reports/cache.py``), then under load from a process of its own (signed-in
people for a minute) through gunicorn as ``make run`` serves it. The health check, which touches
no data, is timed the same way as the baseline of the machine's noise."""

import json
import statistics
import subprocess
import sys
import time

from bench.database import fresh_app
from bench.generate import cpas_scale
from bench.served import PROJECT, served
from cpas.auth.services import create_user
from cpas.db import get_session
from cpas.models import Role

PAGES = {"health check (baseline)": "/healthz", "mission dashboard": "/m/{mission}/{period}/dashboard"}
PASSWORD = "bench-password"  # noqa: S105 - of throwaway accounts in a throwaway database
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


def run(scale: dict | None = None, users: int = 50, seconds: float = 60, think: float = 2.0,
        repeats: int = 5) -> dict:
    with fresh_app(WTF_CSRF_ENABLED=False) as app:
        with app.app_context():
            session = get_session()
            started = time.perf_counter()
            mission, period = cpas_scale(session, **(scale or {}))
            for number in range(users):
                create_user(session, ACCOUNT.format(n=number), PASSWORD, Role.LEADERSHIP)
            session.commit()
            figures = {"data generated and loaded (s)": round(time.perf_counter() - started, 1)}
        paths = {name: path.format(mission=mission.code, period=period.slug) for name, path in PAGES.items()}
        app.config["REPORT_CACHE_SECONDS"] = 0  # as after every change: assembled anew
        for name, path in paths.items():
            figures[f"{name} alone, assembled, median of {repeats} (ms)"] = round(
                time_alone(app, path, repeats) * 1000)
        app.config["REPORT_CACHE_SECONDS"] = 600  # as between changes: the assembled report kept
        figures[f"mission dashboard alone, kept, median of {repeats} (ms)"] = round(
            time_alone(app, paths["mission dashboard"], repeats) * 1000)
        with served(app.config["DATABASE_URL"]) as base:
            load = under_load(base, paths["mission dashboard"], users, seconds, think)
        figures.update({f"under load: {name}": value for name, value in load.items()})
    return figures


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
