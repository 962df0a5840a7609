"""Saves that meet: real concurrent requests, from threads, against the app served on a local
port (on SQLite and on PostgreSQL). Whatever the timing, no record is created twice, no request
gets a server error, and every save the app acknowledged is in the database afterwards."""

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from sqlalchemy import func, select

from cpas.auth.services import create_user
from cpas.models import DataPoint, ExternalFactor, Output, PendingUpload, Role
from tests.conftest import app_session
from tests.test_workbook import edited, export

BASE = "/m/MINUSMA/2019-20"
# Every concurrent scenario must end well within this (seconds): a hung request fails the test.
TIME_LIMIT = 120


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # answer the 302 itself: where a save leads is part of what is checked


class HttpUser:
    """A signed-in person with a browser of their own: cookies, real HTTP to the served app."""

    def __init__(self, server: str, login: str):
        assert server.startswith("http://127.0.0.1:")
        self.server = server
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _KeepRedirects)
        status, _ = self.post("/login", {"login": login, "password": "demo"})
        assert status == 302, f"login as {login} failed"

    def _send(self, request: Request) -> tuple[int, str]:
        """The status and the page; for a redirect, where it leads."""
        try:
            with self.opener.open(request, timeout=TIME_LIMIT) as response:
                return response.status, response.read().decode()
        except HTTPError as error:  # 3xx (not followed), 4xx and 5xx answers
            if 300 <= error.code < 400:
                return error.code, error.headers["Location"]
            return error.code, error.read().decode()

    def _request(self, path: str, **options) -> Request:
        return Request(self.server + path, **options)  # noqa: S310 (always the local server's http address)

    def get(self, path: str) -> tuple[int, str]:
        return self._send(self._request(path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self._send(self._request(path, data=urlencode(data).encode(), method="POST"))

    def upload(self, path: str, field: str, file_name: str, content: bytes) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n")
        body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self._send(self._request(path, data=body, method="POST",
                                        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))


def all_at_once(count: int, action) -> list:
    """``action(i)`` from ``count`` threads released together; their results in order."""
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait(timeout=TIME_LIMIT)
        return action(index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count), timeout=TIME_LIMIT))


def uploaded_token(page: str) -> str:
    found = re.search(r'name="token" type="hidden" value="([^"]+)"|name="token" value="([^"]+)"', page)
    assert found, "the preview offers no confirmation"
    return found.group(1) or found.group(2)


def workbook_adding(db, outputs: int = 0, external_factors: int = 0, data_points: int = 0) -> bytes:
    """The demo's data workbook with new rows: outputs of accomplishment 2.1, external factors of
    component 1 and data points of indicator O1.1 (a day each from 1990)."""

    def change(book):
        for position in range(outputs):
            book["Outputs"].append([None, "2.1", 100 + position, f"Concurrent output {position}", 10, None, None, None])
        for position in range(external_factors):
            book["External factors"].append([None, "1", 100 + position, f"Concurrent factor {position}", None])
        first_day = date(1990, 1, 1)
        for day in range(data_points):
            book["Data points"].append([None, "O1.1", first_day + timedelta(days=day), None, day, "Illustrative",
                                        None, None, "illustrative", None])

    return edited(export(db), change)


@pytest.fixture
def server(app, live_server, demo):
    """The served demo, answering errors as in production (a page, not the test's traceback)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return live_server


def test_two_confirms_of_one_upload_import_it_once(server, db):
    officer = HttpUser(server, "officer")
    status, page = officer.upload(f"{BASE}/workbook/upload", "workbook", "data.xlsx",
                                  workbook_adding(db, outputs=3, external_factors=2))
    assert status == 200
    token = uploaded_token(page)

    answers = all_at_once(4, lambda _i: officer.post(f"{BASE}/workbook/confirm", {"token": token}))

    # Every one is told what happened (on the workbook page), none gets a server error.
    assert answers == [(302, f"{BASE}/workbook/")] * 4
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Output).where(Output.description.like("Concurrent%"))) == 3
    assert db.scalar(select(func.count()).select_from(ExternalFactor)
                     .where(ExternalFactor.text.like("Concurrent%"))) == 2
    assert db.scalar(select(func.count()).select_from(PendingUpload)) == 0
    _, page = officer.get(f"{BASE}/workbook/")
    assert "Imported" in page or "already been imported" in page


def test_simultaneous_uploads_are_all_previewed(app, server, db):
    """A preview reads in a transaction of its own, ended before its upload is kept: the keeping
    waits for the write lock like any save, rather than being refused at once (SQLite)."""
    with app_session(app) as session:
        for index in range(6):
            create_user(session, f"uploader{index}", "demo", Role.PLANNING_OFFICER, check_password=False)
        session.commit()
    uploaders = [HttpUser(server, f"uploader{index}") for index in range(6)]
    workbook = workbook_adding(db, outputs=1)

    answers = all_at_once(6, lambda i: uploaders[i].upload(f"{BASE}/workbook/upload", "workbook", "data.xlsx",
                                                           workbook))

    assert [status for status, _ in answers] == [200] * 6
    assert all(uploaded_token(page) for _, page in answers)
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PendingUpload)) == 6


def test_simultaneous_creates_of_one_record_make_one(server, db):
    officers = [HttpUser(server, "officer") for _ in range(6)]
    form = {"component": "1", "position": "42", "text": "Rainy season cuts the roads to the north"}

    answers = all_at_once(len(officers), lambda i: officers[i].post(f"{BASE}/records/external-factors/new", form))

    statuses = sorted(status for status, _ in answers)
    assert 500 not in statuses
    assert statuses.count(302) == 1, statuses  # one saved; the others refused with a message
    assert [page for status, page in answers if status == 302][0].startswith(f"{BASE}/records/external-factors/")
    refused = [page for status, page in answers if status != 302]
    assert all("already" in page or "someone else saved the same record" in page for page in refused)
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ExternalFactor).where(ExternalFactor.position == 42)) == 1


def test_twenty_people_save_while_a_long_import_is_confirmed(app, server, db):
    """The import checks its thousands of rows before it writes, so the write lock is held only
    while writing: the people saving meanwhile are not turned away (and never get a 500)."""
    importer = HttpUser(server, "officer")
    status, page = importer.upload(f"{BASE}/workbook/upload", "workbook", "big.xlsx",
                                   workbook_adding(db, data_points=4000))
    assert status == 200
    token = uploaded_token(page)
    with app_session(app) as session:  # a login each: an account's oldest logins end past ten
        for index in range(20):
            create_user(session, f"officer{index}", "demo", Role.PLANNING_OFFICER, check_password=False)
        session.commit()
    savers = [HttpUser(server, f"officer{index}") for index in range(20)]
    started = threading.Event()

    def confirm():
        started.set()
        answer = importer.post(f"{BASE}/workbook/confirm", {"token": token})
        return (*answer, time.monotonic())

    def save(index):
        started.wait(timeout=TIME_LIMIT)
        answers = []
        for attempt in range(3):
            position = 200 + index * 10 + attempt
            form = {"component": "2", "position": str(position), "text": f"Saved {position}"}
            status, page = savers[index].post(f"{BASE}/records/external-factors/new", form)
            answers.append((position, status, page, time.monotonic()))
        return answers

    with ThreadPoolExecutor(21) as pool:
        import_answer = pool.submit(confirm)
        saves = [pool.submit(save, index) for index in range(20)]
        import_status, import_page, import_done = import_answer.result(timeout=TIME_LIMIT)
        answers = [answer for future in saves for answer in future.result(timeout=TIME_LIMIT)]

    assert (import_status, import_page) == (302, f"{BASE}/workbook/")
    statuses = [status for _, status, *_ in answers]
    assert 500 not in statuses
    # A save that waited past the busy timeout would be told to retry (503); here none needs to.
    assert statuses == [302] * len(answers), statuses
    assert all(page.startswith(f"{BASE}/records/external-factors/") for _, _, page, _ in answers)
    db.expire_all()
    saved = set(db.scalars(select(ExternalFactor.position).where(ExternalFactor.text.like("Saved %"))))
    acknowledged = {position for position, status, *_ in answers if status == 302}
    assert saved == acknowledged, (saved - acknowledged, acknowledged - saved)  # nothing acknowledged is lost
    assert db.scalar(select(func.count()).select_from(DataPoint).where(DataPoint.observed_on < date(2012, 1, 1))) \
        == 4000
    # The saves were not queued behind the import: some were done before it answered.
    assert min(done for *_, done in answers) < import_done
