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


def discard_upload(session: Session, upload: PendingUpload) -> None:
    session.delete(upload)
