"""CPAS pages at ten times the whole UN CPAS's reported scale, in SQLite: 1.1 million data points
over 10,000 impact indicators in ten missions, and 300,000 incidents in the mission measured.
Each page is requested as leadership would, through the app; the health check, which touches no
data, is timed in the same run as the baseline of the machine's noise."""

import statistics
import time

from bench.database import fresh_app
from bench.generate import acled_csv, cpas_scale
from cpas.auth.services import create_user
from cpas.db import get_session
from cpas.incidents.services import import_incidents
from cpas.models import Role

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
INCIDENTS = 300_000
PASSWORD = "bench-password"  # noqa: S105 - of a throwaway account in a throwaway database


def time_pages(app, user, mission, period, repeats: int) -> dict:
    figures = {}
    with app.test_client() as client:
        signed_in = client.post("/login", data={"login": user.login, "password": PASSWORD})
        assert signed_in.status_code == 302, "the benchmark's leader could not sign in"
        for name, path in PAGES.items():
            url = path.format(mission=mission.code, period=period.slug)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            seconds = []
            for _ in range(repeats):
                started = time.perf_counter()
                client.get(url)
                seconds.append(time.perf_counter() - started)
            figures[f"{name}, median of {repeats} (ms)"] = round(statistics.median(seconds) * 1000)
    return figures


def run(scale: dict | None = None, incidents: int = INCIDENTS, repeats: int = 5) -> dict:
    with fresh_app(WTF_CSRF_ENABLED=False) as app, app.app_context():
        session = get_session()
        started = time.perf_counter()
        mission, period = cpas_scale(session, **(scale or {}))
        data = acled_csv(incidents)
        result = import_incidents(session, mission, data, file_name="bench.csv", user=None, apply=True)
        assert result.applied, result.problems[:5]
        user = create_user(session, "bench-leader", PASSWORD, Role.LEADERSHIP)
        session.commit()
        generated = time.perf_counter() - started
        figures = {"data generated and loaded (s)": round(generated, 1)}
        figures.update(time_pages(app, user, mission, period, repeats))
    return figures


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
