"""Reports kept between requests until the data they read changes: the dashboard of a large
mission takes a few hundred milliseconds to assemble (every impact indicator's progress), and
leadership opens it all day long.

An entry is found by what the report depends on: its mission, period, language and settings,
the day (progress is judged as of today) and the *data version*, the latest audit entry and
incident import. Every change the app saves writes an audit entry, and incident imports are
recorded as such, so any change gives a new version and the next request assembles the report
anew; with several workers or hosts sharing one database each keeps its own entries, and all
see the same version. Entries also expire after ``REPORT_CACHE_SECONDS`` (a safety net for a
change made outside the app) and the oldest go first past ``MAX_ENTRIES``. A setting of 0
turns the cache off (the tests do, except those of the cache).

A kept report holds objects of the session that assembled it, fully loaded by its first page:
they are only read afterwards, never changed or saved."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpas.models import AuditEntry, IncidentImport

MAX_ENTRIES = 64


class ReportCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, seconds: float, make: Callable[[], object]):
        if seconds <= 0:
            return make()
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] < seconds:
                self._entries.move_to_end(key)
                return found[1]
        value = make()  # outside the lock: two requests may both make it, the last one is kept
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value


def data_version(session: Session) -> tuple:
    """What changes whenever the data does: the latest audit entry and incident import (one query)."""
    return tuple(session.execute(select(select(func.max(AuditEntry.id)).scalar_subquery(),
                                        select(func.max(IncidentImport.id)).scalar_subquery())).one())


def cached_report(cache: ReportCache, session: Session, key: tuple, seconds: float, make: Callable[[], object]):
    """The report ``make`` assembles for ``key`` (what it depends on besides the data), kept in
    ``cache`` for ``seconds`` at most while the data version is unchanged."""
    return cache.get_or_make((*key, data_version(session)), seconds, make)
