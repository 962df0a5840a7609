"""The data workbook of the biggest mission of the scale benchmark's file (``bench.scale_data``):
its download through the app (as the page's button asks for it), then its upload's check and its
confirmed import into a copy of the file, each step in a process of its own so that its peak
memory is its own: the process's maximum resident set size, the app's start included (given
beside it, as it was before the step). The round trip must change nothing.

    python -m bench.data_workbook --scale 1.0      # generates /tmp/scale/scale-1.db when missing
    python -m bench.data_workbook --db /tmp/scale/scale-0.1.db
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale_data import DATA_DIR, database_for

STEPS = ("download", "check", "import")


def _resident_mb() -> float:
    """The process's maximum resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_step(step: str, database: Path, workbook: Path) -> dict:
    """One step in this process: its seconds, and the process's peak memory with what it was before."""
    from sqlalchemy import select

    from bench.scale_data import MEASURED_PERIOD, PASSWORD, biggest_mission
    from cpas import create_app
    from cpas.db import get_session
    from cpas.models import BudgetPeriod

    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "REPORT_CACHE_SECONDS": 0})
    with app.app_context():
        session = get_session()
        mission = biggest_mission(session)
        period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == MEASURED_PERIOD))
        base = f"/m/{mission.code}/{period.slug}/workbook"
        session.close()
    client = app.test_client()
    assert client.post("/login", data={"login": "admin", "password": PASSWORD}).status_code == 302
    before = _resident_mb()
    started = time.perf_counter()
    figures = {"mission": mission.code}
    if step == "download":
        response = client.get(f"{base}/download")
        assert response.status_code == 200, response.status_code
        workbook.write_bytes(response.data)
        figures["bytes"] = len(response.data)
    else:
        from cpas.workbook.importer import import_workbook

        with app.app_context():
            session = get_session()
            result = import_workbook(session, workbook.read_bytes(), None, apply=step == "import")
            assert result.problems == [], result.problems[:5]
            if step == "import":
                session.commit()
            figures.update(rows=result.rows, created=sum(c.created for c in result.counts.values()),
                           updated=sum(c.updated for c in result.counts.values()))
    figures.update(seconds=time.perf_counter() - started, peak_mb=_resident_mb(), before_mb=before)
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, help="this file of bench.scale_data instead of --scale's")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # one step, in a child process
    parser.add_argument("--workbook", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.step:
        print(json.dumps(run_step(arguments.step, arguments.db, arguments.workbook)))
        return
    source = arguments.db or database_for(arguments.scale, DATA_DIR)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "copy.db"
        shutil.copyfile(source, database)  # the import writes into a copy, never the shared file
        workbook = Path(folder) / "data.xlsx"
        print(f"Data workbook of the biggest mission of {source}", flush=True)
        for step in STEPS:
            output = subprocess.run([sys.executable, "-m", "bench.data_workbook", "--step", step, "--db",
                                     str(database), "--workbook", str(workbook)],
                                    check=True, capture_output=True, text=True).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            detail = (f"{figures['bytes'] / 1e6:.1f} MB" if step == "download" else
                      f"{figures['rows']:,} rows, {figures['created']} created, {figures['updated']} changed")
            print(f"{figures['mission']} {step}: {figures['seconds']:.2f} s, peak {figures['peak_mb']:.0f} MB "
                  f"(the whole process; {figures['before_mb']:.0f} MB before the step), {detail}", flush=True)
            if step != "download" and (figures["created"] or figures["updated"]):
                raise SystemExit("the round trip changed records")


if __name__ == "__main__":
    main()
