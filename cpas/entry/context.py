"""Who is entering data, for which mission and period, and what that allows."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from cpas.models import BudgetPeriod, Mission, PeriodLock, Role, User


@dataclass
class EntryContext:
    session: Session
    mission: Mission
    period: BudgetPeriod
    user: User | None  # None: a command-line import, acting as an administrator
    # How far behind its target path an impact indicator may be and still be on track.
    tolerance_percent: Decimal = Decimal(15)
    # The language numbers are typed and shown in ("fr": 1 234 567,89); None: a workbook's or the
    # command line's, which hold plain numbers.
    locale: str | None = None
    _locked: bool | None = None
    _lock: PeriodLock | None = None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    @property
    def role(self) -> Role | None:
        """The role the user holds in the context's mission (the command line: an administrator's)."""
        return Role.ADMIN if self.user is None else self.user.role_in(self.mission)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def may_write(self, spec) -> bool:
        """Whether the user's role in the mission may write records of ``spec`` at all."""
        return self.role in spec.writers

    def locked_for(self, spec) -> bool:
        """Whether records of ``spec`` are read-only to this user because the period is closed."""
        return spec.locked_with_period and not self.is_admin and self.period_locked

    def may_change(self, spec) -> bool:
        """Whether the user may create, change or delete records of ``spec`` now."""
        return self.may_write(spec) and not self.locked_for(spec)

    @property
    def period_lock(self) -> PeriodLock | None:
        """The lock of the context's period, if it is closed."""
        if self._locked is None:
            self._lock = PeriodLock.find(self.session, self.mission, self.period)
            self._locked = self._lock is not None
        return self._lock

    @property
    def period_locked(self) -> bool:
        return self.period_lock is not None
