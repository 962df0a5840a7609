"""Keeping an uploaded file (a data workbook, an incident file) between its check and the user's
confirmation.

Only a file that passed its format checks is kept: one that could not be read as what it claims
to be has nothing to confirm. What stays is bounded: a day at most, and per user at most
MAX_KEPT_UPLOADS files and MAX_KEPT_BYTES together. A new upload makes room by dropping that
user's oldest ones (a preview left open in another tab then says it is no longer kept) rather
than being refused: refusing would leave a user correcting a workbook locked out until the older
ones expire, since most previews are simply abandoned. The newest upload always stays; it is
bounded by the upload limit (MAX_CONTENT_LENGTH, 20 MB)."""

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cpas.audit import now
from cpas.models import PendingUpload, User

KEPT_FOR = timedelta(hours=24)
# A workbook and an incident file awaiting confirmation at once, and one more being corrected.
MAX_KEPT_UPLOADS = 3
MAX_KEPT_BYTES = 40 * 1024 * 1024  # two uploads of the largest size


def keep_upload(session: Session, user: User, file_name: str, data: bytes) -> str:
    """Store a checked file for its owner; returns the token that names it. Uploads older than a
    day, confirmed or not, are dropped on the way, and so are the user's oldest ones beyond the
    quota."""
    session.execute(delete(PendingUpload).where(PendingUpload.uploaded_at < now() - KEPT_FOR))
    _make_room(session, user, len(data))
    token = secrets.token_urlsafe(32)
    session.add(PendingUpload(token=token, user_id=user.id, uploaded_at=now(), file_name=file_name[:255], data=data))
    session.flush()
    return token


def _make_room(session: Session, user: User, new_bytes: int) -> None:
    """Drop the user's oldest uploads until one more of ``new_bytes`` keeps within the quota."""
    kept = session.execute(
        select(PendingUpload.id, func.length(PendingUpload.data)).where(PendingUpload.user_id == user.id)
        .order_by(PendingUpload.uploaded_at.desc(), PendingUpload.id.desc())).all()
    count, total, dropped = 1, new_bytes, []
    for upload_id, size in kept:
        count, total = count + 1, total + (size or 0)
        if count > MAX_KEPT_UPLOADS or total > MAX_KEPT_BYTES:
            dropped.append(upload_id)
    if dropped:
        session.execute(delete(PendingUpload).where(PendingUpload.id.in_(dropped)))


def no_longer_kept() -> str:
    """What a confirmation of an upload no longer kept is told, whichever the page: one that
    another confirmation imported, that was cancelled, that is over a day old or that the user's
    later uploads made room for all look alike once gone."""
    return _l("That upload is no longer kept: it was imported or cancelled already, or it is more than a day old, "
              "or your %(count)d later uploads took its place. Upload the file again if it still needs importing.",
              count=MAX_KEPT_UPLOADS)


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

def discard_upload_named(session: Session, user: User, token: str) -> None:
    """Drop the user's own upload of that token, if it is still kept: its preview was cancelled."""
    session.execute(delete(PendingUpload).where(PendingUpload.token == token, PendingUpload.user_id == user.id))
