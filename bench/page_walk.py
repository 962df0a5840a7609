"""Every GET page of the app's URL map, timed on the scale benchmark's data (``bench.scale_data``):
each rule's arguments filled with real values (the biggest mission, 2019/20, every record type,
the id of a real record of that type in the mission), signed in as the administrator (who may
open every page), nothing served from the report cache. Each page is requested once to warm up,
then three times: the median time and the SQL queries of a request. A page that takes more than
the time limit is reported as "> 30 s" and not requested again; one that fails is reported with
its traceback. The health check, which touches no data, is the machine's baseline.

    python -m bench.page_walk --scales 0.1 1.0     # generates /tmp/scale/scale-<scale>.db when missing
    python -m bench.page_walk --db /tmp/scale-0.1.db
    python -m bench.page_walk --scales 1.0 --only '<period>/$' /results/   # pages whose label matches a regex

With two scales or more, the last table compares them: whether a page's query count grows with
the data."""

import argparse
import math
import re
import signal
import statistics
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from sqlalchemy import event, func, select

from bench.scale_data import DATA_DIR, MEASURED_PERIOD, PASSWORD, biggest_mission, database_for

TIME_LIMIT = 30.0  # seconds a page may take before the walk moves on
BASELINE = "/healthz"
EXPORT_TYPES = {"spreadsheetml": "xlsx", "application/pdf": "pdf"}
# Variants of a page worth timing on their own: a query string that changes what is read.
VARIANTS = {
    "reports.assessment": [("page=all", "every outcome in detail")],
    "workbook.download": [("template=1", "the empty template")],
    "records.list_records": [("page=last", "the last page")],
    "reports.threat_calendar": [("measure=fatalities", "fatalities")],
}


@dataclass
class Page:
    label: str  # the rule, with the record type or report name filled in
    url: str | None
    note: str = ""
    status: int | None = None
    ms: float | None = None
    queries: int | None = None
    kind: str = ""  # "xlsx" or "pdf" for an export
    error: str = ""


@dataclass
class Walk:
    scale: str
    database: str
    pages: list[Page] = field(default_factory=list)
    seconds: float = 0.0
    mission: str = ""
    period: str = ""


class PageTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Interrupts the request after ``seconds`` (SIGALRM: the main thread, on POSIX), else no limit."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(_signum, _frame):
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class QueryCounter:
    """The SQL statements an engine executes (as tests/conftest.py counts them)."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def _app(database: Path):
    from cpas import create_app, settle_for_serving

    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "REPORT_CACHE_SECONDS": 0, "PROPAGATE_EXCEPTIONS": True})
    settle_for_serving()  # as app.py does for gunicorn's workers
    return app




def _values(app, session, mission, period, login: str) -> dict:
    """Real values for the rules' arguments: a record of each type in the mission, and the rest."""
    from cpas.charts import PLOTLY_JS_VERSION
    from cpas.entry.context import EntryContext
    from cpas.entry.scoping import scoped_select
    from cpas.entry.spec import SPECS
    from cpas.models import AssessmentStatus, BudgetLine, ImpactAssessment, User
    from cpas.reports.views import WORKBOOK_KINDS

    user = session.scalar(select(User).where(User.login == login))
    context = EntryContext(session, mission, period, user)
    fixed = {"missions": mission.id, "periods": period.id}
    records, counts = {}, {}
    for name, spec in SPECS.items():
        statement = scoped_select(spec, context)
        records[name] = fixed.get(name) or session.scalar(
            statement.with_only_columns(spec.model.id).order_by(spec.model.id).limit(1))
        counts[name] = session.scalar(select(func.count()).select_from(statement.subquery()))
    # An activity whose page has budget lines to show, at every scale (the first one may have none
    # in a small file, and its page then makes fewer queries than at scale for that reason alone).
    records["activities"] = session.scalar(
        select(BudgetLine.activity_id).where(BudgetLine.mission_id == mission.id, BudgetLine.period_id == period.id,
                                             BudgetLine.activity_id.is_not(None))
        .order_by(BudgetLine.activity_id).limit(1)) or records["activities"]
    assessment = session.scalar(select(ImpactAssessment.id).where(
        ImpactAssessment.mission_id == mission.id, ImpactAssessment.status == AssessmentStatus.SUBMITTED)
        .order_by(ImpactAssessment.id).limit(1)) or records["impact-assessments"]
    bootstrap = app.blueprints["bootstrap"].static_folder
    static = Path(app.static_folder)
    return {
        "mission_code": [mission.code], "period_slug": [period.slug], "spec_name": list(SPECS),
        "name": list(WORKBOOK_KINDS), "version": [PLOTLY_JS_VERSION],
        "account_id": [session.scalar(select(User.id).where(User.login != login).order_by(User.id).limit(1))],
        "assessment_id": [assessment], "indicator_id": [records["impact-indicators"]],
        "line_id": [session.scalar(select(BudgetLine.id).where(BudgetLine.mission_id == mission.id,
                                                                BudgetLine.period_id == period.id)
                                   .order_by(BudgetLine.id).limit(1))],
        "record_id": records, "record_counts": counts,
        "reference": {name for name, spec in SPECS.items() if not spec.entered},
        "bootstrap_file": _a_file(Path(bootstrap), "css"), "static_file": _a_file(static, "css"),
    }


def _a_file(folder: Path, suffix: str) -> str | None:
    found = sorted(folder.rglob(f"*.{suffix}"))
    return found[0].relative_to(folder).as_posix() if found else None


def _pages(app, values: dict, token: str | None, rows_per_page: int, skip: dict) -> list[Page]:
    """One page per GET rule and combination of values, in the URL map's order; the endpoints of
    ``skip`` are listed with the reason given."""
    from flask import url_for

    pages = []
    rules = sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
                   key=lambda rule: (rule.rule != BASELINE, rule.rule))
    for rule in rules:
        arguments = sorted(rule.arguments, key=lambda argument: (argument != "spec_name", argument))
        choices = [{}]
        missing = None
        for argument in arguments:
            if argument == "spec_name":
                choices = [{**c, "spec_name": name} for c in choices for name in values["spec_name"]]
            elif argument == "record_id":
                choices = [{**c, "record_id": values["record_id"][c["spec_name"]]} for c in choices]
            elif argument == "token":
                if token is None:
                    missing = "no upload was kept to mark"
                choices = [{**c, "token": token} for c in choices]
            elif argument == "filename":
                name = values["bootstrap_file" if rule.endpoint.startswith("bootstrap.") else "static_file"]
                missing = missing or (None if name else "no file to serve")
                choices = [{**c, "filename": name} for c in choices]
            elif argument in values:
                choices = [{**c, argument: value} for c in choices for value in values[argument]]
            else:
                missing = f"no value known for <{argument}>"
        for choice in choices:
            label = rule.rule.replace("<mission_code>", "<mission>").replace("<period_slug>", "<period>")
            for argument in ("spec_name", "name"):
                if argument in choice:
                    label = re.sub(rf"<{argument}>", str(choice[argument]), label)
            if label == BASELINE:
                label += " (baseline)"
            empty = [argument for argument, value in choice.items() if value is None]
            if rule.endpoint in skip:
                pages.append(Page(label, None, note=f"skipped: {skip[rule.endpoint]}"))
                continue
            if choice.get("spec_name") in values["reference"]:
                pages.append(Page(label, None, note="skipped: reference data, seeded by the migrations and not "
                                                    "entered (its pages answer 404)"))
                continue
            if missing or empty:
                pages.append(Page(label, None, note=f"skipped: {missing or 'no record of this type: ' + empty[0]}"))
                continue
            with app.test_request_context():
                url = url_for(rule.endpoint, **choice)
            pages.append(Page(label, url))
            for query, what in VARIANTS.get(rule.endpoint, []):
                count = values["record_counts"].get(choice.get("spec_name"), 0)
                last_page = max(1, math.ceil(count / rows_per_page))
                if query == "page=last" and last_page == 1:
                    continue
                pages.append(Page(f"{label}?{query.split('=')[0]}=… ({what})", f"{url}?{query}"))
    return pages


def _request(client, url: str, limit: float):
    with time_limit(limit):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        return response, time.perf_counter() - started


def _time(client, engine, page: Page, repeats: int, limit: float) -> None:
    """One request to warm up, then the median of ``repeats`` more and the queries of the last
    (with no repeats: the first request's time and queries)."""
    try:
        with QueryCounter(engine) as counter:
            response, seconds = _request(client, page.url, limit)
        page.status, page.queries = response.status_code, counter.count
        content_type = response.headers.get("Content-Type", "")
        page.kind = next((kind for marker, kind in EXPORT_TYPES.items() if marker in content_type), "")
        if response.status_code in (301, 302, 303, 308):
            page.queries = None
            page.note = f"skipped: redirects to {response.headers['Location']}"
            return
        if response.status_code != 200:
            page.queries = None
            page.note = f"answered {response.status_code}"
            return
        timings = [seconds]
        if repeats:
            timings = []
            for _ in range(repeats):
                with QueryCounter(engine) as counter:
                    response, seconds = _request(client, page.url, limit)
                timings.append(seconds)
                page.queries = counter.count
        page.ms = statistics.median(timings) * 1000
    except PageTimeout:
        page.queries = None
        page.note = f"> {limit:g} s"
    except Exception:  # noqa: BLE001 - a failing page is reported, the walk goes on
        page.status, page.queries = 500, None
        page.error = traceback.format_exc()
        page.note = "error (500): " + page.error.strip().splitlines()[-1]


def _keep_an_upload(client, engine, mission, period, login: str) -> str | None:
    """Uploads the mission's empty workbook (a POST, not timed), to have an upload to mark."""
    from cpas.models import PendingUpload, User

    base = f"/m/{mission.code}/{period.slug}/workbook"
    template = client.get(f"{base}/download?template=1")
    if template.status_code != 200:
        return None
    client.post(f"{base}/upload", data={"workbook": (BytesIO(template.data), "template.xlsx")},
                content_type="multipart/form-data")
    with engine.connect() as connection:
        return connection.scalar(select(PendingUpload.token).join(User, User.id == PendingUpload.user_id)
                                 .where(User.login == login).order_by(PendingUpload.id.desc()).limit(1))


def walk(database: Path | str, scale: str = "", login: str = "admin", repeats: int = 3,
         limit: float = TIME_LIMIT, progress=None, skip: dict | None = None, only: list[str] | None = None) -> Walk:
    """Walks the file's pages (``skip``: endpoints not to request, with the reason; ``only``: the
    pages whose label matches one of these regular expressions, and the baseline)."""
    from cpas.models import BudgetPeriod

    started = time.perf_counter()
    database = Path(database)
    app = _app(database)
    engine = app.extensions["cpas.engine"]
    result = Walk(scale or database.stem, str(database))
    try:
        with app.app_context():
            from cpas.db import get_session

            session = get_session()
            mission = biggest_mission(session)
            period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == MEASURED_PERIOD))
            values = _values(app, session, mission, period, login)
            mission_code, period_slug = mission.code, period.slug
            session.close()
        with app.test_client() as client:
            signed_in = client.post("/login", data={"login": login, "password": PASSWORD})
            assert signed_in.status_code == 302, f"{login} could not sign in"
            token = _keep_an_upload(client, engine, mission, period, login)
            result.pages = _pages(app, values, token, app.config.get("ROWS_PER_PAGE", 50), skip or {})
            if only:
                result.pages = [page for page in result.pages if page.label.startswith(BASELINE) or any(
                    re.search(pattern, page.label) for pattern in only)]
            for page in result.pages:
                if page.url is not None:
                    _time(client, engine, page, repeats, limit)
                if progress:
                    progress(page)
        result.mission, result.period = mission_code, period_slug
    finally:
        engine.dispose()
    result.seconds = time.perf_counter() - started
    return result


def _ms(page: Page) -> str:
    if page.ms is None:
        return page.note or "–"
    return f"{page.ms:,.0f}" if page.ms >= 10 else f"{page.ms:.1f}"


def _label(page: Page) -> str:
    return f"{page.label} **[{page.kind}]**" if page.kind else page.label


def table(result: Walk) -> str:
    lines = [f"### Scale {result.scale} ({result.database}; {result.mission} {result.period}; "
             f"walk {result.seconds:.0f} s)", "",
             "| page | median ms | queries |", "|---|---:|---:|"]
    for page in result.pages:
        queries = "" if page.queries is None else str(page.queries)
        lines.append(f"| `{_label(page)}` | {_ms(page)} | {queries} |")
    return "\n".join(lines)


def comparison(results: list[Walk]) -> str:
    header = "| page | " + " | ".join(f"{r.scale}: ms | {r.scale}: queries" for r in results) + " | queries grow? |"
    lines = ["### Compared", "", header, "|---|" + "---:|---:|" * len(results) + "---|"]
    by_label = [{page.label: page for page in result.pages} for result in results]
    labels = list(dict.fromkeys(page.label for result in results for page in result.pages))
    order = {page.label: n for n, page in enumerate(results[-1].pages)}  # the biggest walk has every variant
    labels.sort(key=lambda label: order.get(label, len(order)))
    for label in labels:
        row = [by_label[n].get(label) for n in range(len(results))]
        page = next(each for each in row if each is not None)
        cells = []
        for each in row:
            cells += [_ms(each) if each else "–", "" if each is None or each.queries is None else str(each.queries)]
        counted = [each.queries for each in row if each is not None and each.queries is not None]
        grows = ("**yes**" if counted[-1] > counted[0] else "no") if len(counted) == len(row) and counted else ""
        lines.append(f"| `{_label(page)}` | " + " | ".join(cells) + f" | {grows} |")
    return "\n".join(lines)


def summary(results: list[Walk], over_ms: float = 300) -> str:
    lines = []
    for result in results:
        slow = sorted((p for p in result.pages if p.ms is not None and p.ms > over_ms or p.note.startswith(">")),
                      key=lambda p: -(p.ms or math.inf))
        lines.append(f"Scale {result.scale}: {sum(p.ms is not None for p in result.pages)} pages timed, "
                     f"{sum(p.url is None for p in result.pages)} skipped, {len(slow)} over {over_ms:g} ms: "
                     + ("; ".join(f"{_label(p)} {_ms(p)}" for p in slow) or "none"))
        for page in result.pages:
            if page.error:
                lines.append(f"\n{page.label} failed at scale {result.scale}:\n```\n{page.error}```")
    return "\n".join(lines)



def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", help="walk the file of each scale (generated if missing)")
    parser.add_argument("--db", type=Path, help="walk this file (of bench.scale_data) instead")
    parser.add_argument("--dir", type=Path, default=DATA_DIR, help="where the files of --scales are")
    parser.add_argument("--regenerate", action="store_true", help="generate the files of --scales anew")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=float, default=TIME_LIMIT, help="seconds a page may take")
    parser.add_argument("--only", nargs="+",
                        help="time only the pages whose label matches one of these regular expressions")
    arguments = parser.parse_args(argv)
    if arguments.db:
        targets = [(arguments.db.stem, arguments.db)]
    else:
        targets = [(f"{scale:g}", database_for(scale, arguments.dir, arguments.regenerate))
                   for scale in arguments.scales or [0.1]]
    results = []
    for scale, path in targets:
        def progress(page: Page, scale=scale):
            figures = f"{_ms(page)} ms, {page.queries} queries" if page.ms is not None else _ms(page)
            print(f"[{scale}] {page.label}: {figures}", file=sys.stderr, flush=True)

        result = walk(path, scale, arguments.login, arguments.repeats, arguments.limit, progress,
                      only=arguments.only)
        results.append(result)
        print(table(result) + "\n", flush=True)
    if len(results) > 1:
        print(comparison(results) + "\n")
    print(summary(results))


if __name__ == "__main__":
    main()
