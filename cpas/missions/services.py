"""Closing and reopening a mission's budget period."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from cpas.audit import ChangeLog, now, snapshot
from cpas.entry.errors import ValidationError
from cpas.entry.validation import check_reason
from cpas.models import BudgetPeriod, Mission, PeriodLock, User


def close_period(session: Session, mission: Mission, period: BudgetPeriod, user: User, reason: str) -> PeriodLock:
    """Make the period's figures read-only to everyone but administrators."""
    if PeriodLock.find(session, mission, period) is not None:
        raise ValidationError({"reason": _l("The period is closed already.")})
    check_reason(reason)
    lock = PeriodLock(mission_id=mission.id, period_id=period.id, locked_at=now(), locked_by_id=user.id,
                      reason=reason.strip())
    session.add(lock)
    changes = ChangeLog(user.id)
    changes.created(lock, summary=f"Closed {mission.code} {period.label}")
    changes.write(session)
    return lock


def reopen_period(session: Session, mission: Mission, period: BudgetPeriod, user: User, reason: str) -> None:
    """Make a closed period's figures editable again; the audit log keeps the lock and the reason."""
    lock = PeriodLock.find(session, mission, period)
    if lock is None:
        raise ValidationError({"reason": _l("The period is not closed.")})
    check_reason(reason)
    changes = ChangeLog(user.id)
    changes.deleted(lock, snapshot(lock), reason=reason.strip(), summary=f"Reopened {mission.code} {period.label}")
    session.delete(lock)
    changes.write(session)
