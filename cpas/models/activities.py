"""Activities: what the mission's components and sections do, linked to mandate and outputs."""

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mandates import activity_tasks
from cpas.models.mixins import Versioned
from cpas.models.types import enum_column


class Pillar(enum.Enum):
    MILITARY = "military"
    POLICE = "police"
    CIVILIAN = "civilian"
    JOINT = "joint"


class ActivityStatus(enum.Enum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Activity(Versioned, Base):
    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on", name="dates_in_order"),
        sa.UniqueConstraint("mission_id", "period_id", "ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="RESTRICT"))
    # A short reference such as A-007: the stable key of the activity in workbooks.
    ref: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    pillar: Mapped[Pillar] = mapped_column(enum_column(Pillar, "pillar"))
    responsible_section: Mapped[str] = mapped_column(sa.String(200), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus, "activity_status"), default=ActivityStatus.PLANNED
    )
    component_id: Mapped[int | None] = mapped_column(sa.ForeignKey("components.id", ondelete="SET NULL"))
    output_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outputs.id", ondelete="SET NULL"))
    operation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    civilian_harm_risk: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")

    tasks: Mapped[list["MandatedTask"]] = relationship(  # noqa: F821
        secondary=activity_tasks, back_populates="activities"
    )
    component: Mapped["Component | None"] = relationship()  # noqa: F821
    output: Mapped["Output | None"] = relationship()  # noqa: F821
    budget_lines: Mapped[list["BudgetLine"]] = relationship(back_populates="activity")  # noqa: F821
