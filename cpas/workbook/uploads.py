"""Keeping an uploaded workbook between its check and the user's confirmation."""

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpas.audit import now
from cpas.models import PendingUpload, User

KEPT_FOR = timedelta(hours=24)


def keep_upload(session: Session, user: User, file_name: str, data: bytes) -> str:
    """Store the workbook for its owner; returns the token that names it. Uploads older than a
    day, confirmed or not, are dropped on the way."""
    session.execute(delete(PendingUpload).where(PendingUpload.uploaded_at < now() - KEPT_FOR))
    token = secrets.token_urlsafe(32)
    session.add(PendingUpload(token=token, user_id=user.id, uploaded_at=now(), file_name=file_name[:255], data=data))
    session.flush()
    return token


def find_upload(session: Session, user: User, token: str) -> PendingUpload | None:
    """The user's own upload of that token, if it is still kept."""
    return session.scalar(select(PendingUpload).where(
        PendingUpload.token == token, PendingUpload.user_id == user.id,
        PendingUpload.uploaded_at >= now() - KEPT_FOR))


def claim_upload(session: Session, upload: PendingUpload) -> bool:
    """Take the upload for its one confirmation: True for the request whose delete removed it,
    False for any other (it was confirmed, or discarded, by a request that committed first).
    The delete is a single statement, so that two confirmations meeting in the database cannot
    both succeed: the second waits for the first's row (PostgreSQL) or write lock (SQLite) and
    then finds nothing to delete. Rolled back with the request when the import fails."""
    removed = session.execute(delete(PendingUpload).where(PendingUpload.id == upload.id)
                              .execution_options(synchronize_session=False))
    return removed.rowcount == 1

