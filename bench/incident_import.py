"""Import of a generated 300,000-event ACLED file into a fresh SQLite database, then its re-import
(every event unchanged); compared in the same run with a bare pandas read of the same file."""

import io
import resource
import time

import pandas as pd

from bench.database import fresh_app
from bench.generate import REGIONS, acled_csv
from cpas.db import get_session
from cpas.incidents.services import import_incidents
from cpas.models import Mission


def run(events: int = 300_000) -> dict:
    data = acled_csv(events)
    started = time.perf_counter()
    pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    bare_seconds = time.perf_counter() - started
    with fresh_app() as app, app.app_context():
        session = get_session()
        mission = Mission(code="BENCH", name="Benchmark mission", country="Mali", regions=", ".join(REGIONS))
        session.add(mission)
        session.commit()
        timings = {}
        for name in ("first import", "re-import"):
            started = time.perf_counter()
            result = import_incidents(session, mission, data, file_name="bench.csv", user=None, apply=True)
            session.commit()
            timings[name] = time.perf_counter() - started
            assert result.applied, result.problems[:5]
        assert (result.created, result.unchanged) == (0, events)
    return {
        "events": events,
        "file size (MB)": round(len(data) / 1024 / 1024, 1),
        "first import, commit included (s)": round(timings["first import"], 2),
        "re-import, all unchanged (s)": round(timings["re-import"], 2),
        "bare pandas read of the file (s)": round(bare_seconds, 2),
        "peak memory of the process (MB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
