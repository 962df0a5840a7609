"""Missions and budget periods (1 July to 30 June)."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mixins import Versioned


class Mission(Versioned, Base):
    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(100))
    # The first-level administrative regions data is entered for, comma-separated (ACLED admin1).
    regions: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def region_list(self) -> list[str]:
        return [region.strip() for region in self.regions.split(",") if region.strip()]

    mandates: Mapped[list["Mandate"]] = relationship(  # noqa: F821
        back_populates="mission", order_by="Mandate.adopted_on"
    )

    def __str__(self) -> str:
        return self.code


class BudgetPeriod(Versioned, Base):
    """A fiscal period shared by all missions, labelled as the UN prints it: ``2019/20``."""

    __tablename__ = "budget_periods"
    __table_args__ = (sa.CheckConstraint("starts_on < ends_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(7), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    @property
    def slug(self) -> str:
        """The label as a URL part: ``2019-20``."""
        return self.label.replace("/", "-")

    @staticmethod
    def label_from_slug(slug: str) -> str:
        return slug.replace("-", "/")

    @staticmethod
    def label_for_start_year(year: int) -> str:
        return f"{year}/{(year + 1) % 100:02d}"

    def __str__(self) -> str:
        return self.label


class PeriodLock(Base):
    """A closed budget period of one mission: its figures are read-only to all but admins."""

    __tablename__ = "period_locks"
    __table_args__ = (sa.UniqueConstraint("mission_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="CASCADE"))
    locked_at: Mapped[datetime]
    locked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    @classmethod
    def find(cls, session, mission: Mission, period: BudgetPeriod) -> "PeriodLock | None":
        """The lock of the mission's period, if it is closed."""
        return session.scalar(sa.select(cls).where(cls.mission_id == mission.id, cls.period_id == period.id))
