"""The results-based budgeting framework of one mission and budget period.

Component → expected accomplishment (1.1) → indicators of achievement (1.1.1) and outputs;
each component also lists external factors and its posts for the human resources table.
"""

import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mixins import Versioned
from cpas.models.types import Quantity, enum_column


class Component(Versioned, Base):
    __tablename__ = "components"
    __table_args__ = (sa.UniqueConstraint("mission_id", "period_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="RESTRICT"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    objective: Mapped[str] = mapped_column(sa.Text, default="")

    expected_accomplishments: Mapped[list["ExpectedAccomplishment"]] = relationship(
        back_populates="component", order_by="ExpectedAccomplishment.number",
        cascade="all, delete-orphan",
    )
    external_factors: Mapped[list["ExternalFactor"]] = relationship(
        back_populates="component", order_by="ExternalFactor.position", cascade="all, delete-orphan"
    )
    posts: Mapped[list["Post"]] = relationship(back_populates="component", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ExpectedAccomplishment(Versioned, Base):
    __tablename__ = "expected_accomplishments"
    __table_args__ = (sa.UniqueConstraint("component_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(sa.ForeignKey("components.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)

    component: Mapped[Component] = relationship(back_populates="expected_accomplishments")
    indicators: Mapped[list["IndicatorOfAchievement"]] = relationship(
        back_populates="expected_accomplishment", order_by="IndicatorOfAchievement.number",
        cascade="all, delete-orphan",
    )
    outputs: Mapped[list["Output"]] = relationship(
        back_populates="expected_accomplishment", order_by="Output.position", cascade="all, delete-orphan"
    )


class IndicatorValueKind(enum.Enum):
    """Which figure of an indicator for a period: a budget report prints the actual of period −2,
    the estimate of period −1 and the target of the budget period; a performance report prints
    the target (planned) against the actual of the same period."""

    TARGET = "target"
    ESTIMATE = "estimate"
    ACTUAL = "actual"


class IndicatorOfAchievement(Versioned, Base):
    __tablename__ = "indicators_of_achievement"
    __table_args__ = (sa.UniqueConstraint("expected_accomplishment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expected_accomplishment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("expected_accomplishments.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    unit: Mapped[str] = mapped_column(sa.String(60), default="")

    expected_accomplishment: Mapped[ExpectedAccomplishment] = relationship(back_populates="indicators")
    values: Mapped[list["IndicatorValue"]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )


class IndicatorValue(Versioned, Base):
    __tablename__ = "indicator_values"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "period_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicators_of_achievement.id", ondelete="CASCADE"), index=True
    )
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="RESTRICT"))
    kind: Mapped[IndicatorValueKind] = mapped_column(enum_column(IndicatorValueKind, "indicator_value_kind"))
    value: Mapped[Decimal] = mapped_column(Quantity())
    note: Mapped[str] = mapped_column(sa.Text, default="")

    indicator: Mapped[IndicatorOfAchievement] = relationship(back_populates="values")
    period: Mapped["BudgetPeriod"] = relationship()  # noqa: F821


class Output(Versioned, Base):
    """A quantified product of the mission, e.g. "120 joint patrols"."""

    __tablename__ = "outputs"
    __table_args__ = (sa.UniqueConstraint("expected_accomplishment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expected_accomplishment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("expected_accomplishments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(sa.Text)
    planned_quantity: Mapped[Decimal | None] = mapped_column(Quantity())
    completed_quantity: Mapped[Decimal | None] = mapped_column(Quantity())
    remarks: Mapped[str] = mapped_column(sa.Text, default="")

    expected_accomplishment: Mapped[ExpectedAccomplishment] = relationship(back_populates="outputs")


class ExternalFactor(Versioned, Base):
    __tablename__ = "external_factors"
    __table_args__ = (sa.UniqueConstraint("component_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(sa.ForeignKey("components.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)

    component: Mapped[Component] = relationship(back_populates="external_factors")


class PostGrade(enum.Enum):
    """Categories of the human resources table, in the order UN budget reports print them."""

    USG_ASG = "usg_asg"
    D2_D1 = "d2_d1"
    P5_P4 = "p5_p4"
    P3_P1 = "p3_p1"
    FIELD_SERVICE = "field_service"
    GENERAL_SERVICE = "general_service"
    NATIONAL_PROFESSIONAL = "national_professional"
    NATIONAL_GENERAL_SERVICE = "national_general_service"
    UN_VOLUNTEER = "un_volunteer"
    TEMPORARY = "temporary"


class Post(Versioned, Base):
    __tablename__ = "posts"
    __table_args__ = (
        sa.UniqueConstraint("component_id", "grade"),
        sa.CheckConstraint("approved_count >= 0 AND proposed_count >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(sa.ForeignKey("components.id", ondelete="CASCADE"), index=True)
    grade: Mapped[PostGrade] = mapped_column(enum_column(PostGrade, "post_grade"))
    approved_count: Mapped[int] = mapped_column(default=0)
    proposed_count: Mapped[int] = mapped_column(default=0)

    component: Mapped[Component] = relationship(back_populates="posts")

    @property
    def net_change(self) -> int:
        return self.proposed_count - self.approved_count
