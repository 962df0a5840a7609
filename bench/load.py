"""Load from a process of its own: signed-in people requesting pages of a served app, over HTTP,
each with a browser (cookies) of their own, for a set time. Prints its figures as JSON.

    python -m bench.load --base http://127.0.0.1:5000 --account bench-user-{n} --password P \\
        --users 50 --seconds 60 /m/SCALE00/2019-20/dashboard

Each person waits ``--think`` seconds on average (uniformly between none and twice that) before
their next page, as a person reads what they asked for; ``--think 0`` sends requests back to back.
``{n}`` in the account is the person's number (0 to users - 1): an account's oldest logins end
past ten (``MAX_LOGINS_PER_ACCOUNT``), so each person signs in with an account of their own.
The pages are requested in rotation, each person starting at another one. Only loopback
addresses are accepted: this is a benchmark of this machine, not a tool to load anyone else's.
"""

import argparse
import json
import random
import re
import statistics
import threading
import time
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
TIMEOUT = 60  # seconds a single request may take before it counts as an error


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Person:
    def __init__(self, base: str, account: str, password: str):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _KeepRedirects)
        page = self._open(Request(base + "/login"))[1]  # noqa: S310 (loopback only, checked in main)
        found = CSRF_FIELD.search(page)
        form = {"login": account, "password": password, **({"csrf_token": found.group(1) or found.group(2)}
                                                           if found else {})}
        status, _ = self._open(Request(base + "/login", data=urlencode(form).encode(), method="POST"))  # noqa: S310
        if status != 302:
            raise SystemExit(f"{account} could not sign in (HTTP {status})")

    def _open(self, request: Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read().decode(errors="replace")
        except HTTPError as error:
            return error.code, ""

    def get(self, path: str) -> int:
        try:
            with self.opener.open(Request(self.base + path), timeout=TIMEOUT) as response:  # noqa: S310
                response.read()
                return response.status
        except HTTPError as error:
            return error.code
        except (URLError, TimeoutError):
            return 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(base: str, account: str, password: str, users: int, seconds: float, paths: list[str],
        think: float = 0.0) -> dict:
    people = [Person(base, account.format(n=n), password) for n in range(users)]
    latencies: list[float] = []
    failures: dict[int, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(users)
    deadline = [0.0]

    def work(number: int):
        person, turn, pause = people[number], number, random.Random(number)
        start.wait()
        while time.perf_counter() < deadline[0]:
            if think:
                time.sleep(pause.uniform(0, 2 * think))
            path = paths[turn % len(paths)]
            turn += 1
            began = time.perf_counter()
            status = person.get(path)
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status != 200:
                    failures[status] = failures.get(status, 0) + 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(users)]
    deadline[0] = time.perf_counter() + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "users": users,
        "seconds": seconds,
        "think time, mean (s)": think,
        "requests": len(latencies),
        "requests per second": round(len(latencies) / seconds, 1),
        "median (ms)": round(statistics.median(latencies) * 1000),
        "95th percentile (ms)": round(percentile(latencies, 0.95) * 1000),
        "slowest (ms)": round(max(latencies) * 1000),
        "errors": sum(failures.values()),
        "errors by status": {str(status): count for status, count in sorted(failures.items())},
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv)
    if urlsplit(options.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("only a server on this machine's loopback may be loaded")
    print(json.dumps(run(options.base, options.account, options.password, options.users, options.seconds,
                         options.paths, options.think)))


if __name__ == "__main__":
    main()
