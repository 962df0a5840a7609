"""Writing the audit log. Every service that changes a record calls ``record_change``."""

import enum
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from cpas.models import AuditAction, AuditEntry, Base


def _plain(value):
    """A JSON-safe copy of a column value; amounts stay exact as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


# Never copied into the log: it is readable by more people than the accounts table.
SECRET_COLUMNS = {"password_hash"}


def snapshot(record: Base) -> dict:
    """The record's column values, as the audit log keeps them."""
    mapper = inspect(record).mapper
    return {
        column.key: _plain(getattr(record, column.key))
        for column in mapper.column_attrs
        if column.key not in SECRET_COLUMNS
    }


def record_change(
    session: Session,
    action: AuditAction,
    record: Base,
    *,
    user_id: int | None,
    before: dict | None = None,
    reason: str = "",
    summary: str = "",
) -> AuditEntry:
    """Add an audit entry for ``record`` (flushed first so that a new record has its id)."""
    session.flush()
    entry = AuditEntry(
        at=datetime.now(UTC).replace(tzinfo=None),
        user_id=user_id,
        action=action,
        table_name=record.__tablename__,
        record_id=record.id,
        summary=summary[:300],
        before=before,
        after=None if action is AuditAction.DELETE else snapshot(record),
        reason=reason,
    )
    session.add(entry)
    return entry
