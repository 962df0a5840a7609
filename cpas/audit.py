"""Writing the audit log: every create, update and delete of the app leaves one entry."""

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from cpas.models import AuditAction, AuditEntry, Base

# Never copied into the log: it is readable by more people than the accounts table.
SECRET_COLUMNS = {"password_hash"}


def _plain(value):
    """A JSON-safe copy of a column value; amounts stay exact as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(record: Base) -> dict:
    """The record's column values, as the audit log keeps them, and its many-to-many references
    (an activity's mandated tasks), which live in an association table rather than a column: the
    ids of the records referred to, in order, as a reference column keeps one id."""
    mapper = inspect(record).mapper
    values = {
        column.key: _plain(getattr(record, column.key))
        for column in mapper.column_attrs
        if column.key not in SECRET_COLUMNS
    }
    for relationship in mapper.relationships:
        if relationship.secondary is not None:
            values[relationship.key] = sorted(item.id for item in getattr(record, relationship.key)
                                              if item.id is not None)
    return values


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class ChangeLog:
    """Collects the changes of one request, import or command; ``write`` flushes them once and
    adds their audit entries, so a bulk import does not flush row by row."""

    user_id: int | None
    pending: list[tuple] = field(default_factory=list)

    def created(self, record: Base, summary: str = "") -> None:
        self.pending.append((AuditAction.CREATE, record, None, "", summary))

    def updated(self, record: Base, before: dict, reason: str = "", summary: str = "") -> None:
        self.pending.append((AuditAction.UPDATE, record, before, reason, summary))

    def deleted(self, record: Base, before: dict, reason: str = "", summary: str = "") -> None:
        self.pending.append((AuditAction.DELETE, record, before, reason, summary))

    def write(self, session: Session) -> int:
        session.flush()
        at = now()
        for action, record, before, reason, summary in self.pending:
            session.add(AuditEntry(
                at=at, user_id=self.user_id, action=action, table_name=record.__tablename__,
                record_id=before["id"] if action is AuditAction.DELETE else record.id,
                summary=summary[:300], before=before,
                after=None if action is AuditAction.DELETE else snapshot(record), reason=reason,
            ))
        written = len(self.pending)
        self.pending.clear()
        return written


def record_change(session: Session, action: AuditAction, record: Base, *, user_id: int | None,
                  before: dict | None = None, reason: str = "", summary: str = "") -> None:
    """Log one change at once (commands and loaders that change a single record)."""
    log = ChangeLog(user_id)
    log.pending.append((action, record, before, reason, summary))
    log.write(session)
