"""The mandate: Security Council resolutions and the tasks they give a mission."""

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mixins import Versioned
from cpas.models.types import enum_column


class TaskPriority(enum.Enum):
    FIRST_STRATEGIC = "first_strategic"
    SECOND_STRATEGIC = "second_strategic"
    OTHER = "other"


class Mandate(Versioned, Base):
    """One resolution; mandates are renewed yearly, so a mission has a succession of them."""

    __tablename__ = "mandates"
    __table_args__ = (
        sa.UniqueConstraint("mission_id", "resolution_symbol"),
        sa.CheckConstraint("valid_until IS NULL OR adopted_on <= valid_until", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    resolution_symbol: Mapped[str] = mapped_column(sa.String(40))
    adopted_on: Mapped[date]
    valid_until: Mapped[date | None]
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    source_note: Mapped[str] = mapped_column(sa.Text, default="")

    mission: Mapped["Mission"] = relationship(back_populates="mandates")  # noqa: F821
    tasks: Mapped[list["MandatedTask"]] = relationship(
        back_populates="mandate", order_by="MandatedTask.position", cascade="all, delete-orphan"
    )


activity_tasks = sa.Table(
    "activity_tasks",
    Base.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("task_id", sa.ForeignKey("mandated_tasks.id", ondelete="CASCADE"), primary_key=True),
)


class MandatedTask(Versioned, Base):
    __tablename__ = "mandated_tasks"
    __table_args__ = (sa.UniqueConstraint("mandate_id", "paragraph_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_id: Mapped[int] = mapped_column(sa.ForeignKey("mandates.id", ondelete="CASCADE"), index=True)
    paragraph_ref: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    priority: Mapped[TaskPriority] = mapped_column(enum_column(TaskPriority, "task_priority"))
    position: Mapped[int] = mapped_column(default=0)

    mandate: Mapped[Mandate] = relationship(back_populates="tasks")
    activities: Mapped[list["Activity"]] = relationship(  # noqa: F821
        secondary=activity_tasks, back_populates="tasks"
    )
