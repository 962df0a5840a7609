"""Budget lines by class of expenditure, with one amount per budget stage."""

import enum
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mixins import Versioned
from cpas.models.types import Money, enum_column


class ExpenditureGroup(Base):
    """I. Military and police personnel, II. Civilian personnel, III. Operational costs.
    Reference data seeded by the first migration.

    ``below_gross``: the group of the items UN tables print after the gross requirements (staff
    assessment income, voluntary contributions in kind; migration 0017). Their lines are recorded
    like any budget line, at every stage with their sources, but they are not requirements: they
    enter no group subtotal and no gross requirements (nor the all-missions page, nor the money
    attributed to activities); the financial table derives net and total requirements from them."""

    __tablename__ = "expenditure_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    numeral: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int]
    below_gross: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    classes: Mapped[list["ExpenditureClass"]] = relationship(
        back_populates="group", order_by="ExpenditureClass.position"
    )


# Which classes replaced a class the UN stopped using: from 2021/22, "National staff" is split into
# "National Professional Officers" and "National General Service staff". Data, not code: an
# administrator's new class can succeed an old one, and the financial table compares the two.
expenditure_class_successors = sa.Table(
    "expenditure_class_successors",
    Base.metadata,
    sa.Column("predecessor_id", sa.ForeignKey("expenditure_classes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("successor_id", sa.ForeignKey("expenditure_classes.id", ondelete="CASCADE"), primary_key=True),
)


class ExpenditureClass(Base):
    """A class of expenditure such as "Air operations". Reference data seeded by migration, or
    added by an administrator from a given period.

    A class is used from ``valid_from`` (the first day of the first budget period it is used in)
    to ``valid_until`` (the last day of the last one), either end open when None. Validity is held
    as dates rather than as budget periods: the UN's list changes on a known date (1 July 2021)
    whether or not the database holds that period yet, and periods are compared by their dates
    everywhere else."""

    __tablename__ = "expenditure_classes"
    __table_args__ = (sa.CheckConstraint("valid_from <= valid_until", name="validity_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("expenditure_groups.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    position: Mapped[int]
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]

    group: Mapped[ExpenditureGroup] = relationship(back_populates="classes")
    # The classes that replaced this one, and those it replaced.
    successors: Mapped[list["ExpenditureClass"]] = relationship(
        secondary=expenditure_class_successors,
        primaryjoin=lambda: ExpenditureClass.id == expenditure_class_successors.c.predecessor_id,
        secondaryjoin=lambda: ExpenditureClass.id == expenditure_class_successors.c.successor_id,
        back_populates="predecessors", order_by=lambda: ExpenditureClass.position,
    )
    predecessors: Mapped[list["ExpenditureClass"]] = relationship(
        secondary=expenditure_class_successors,
        primaryjoin=lambda: ExpenditureClass.id == expenditure_class_successors.c.successor_id,
        secondaryjoin=lambda: ExpenditureClass.id == expenditure_class_successors.c.predecessor_id,
        back_populates="successors", order_by=lambda: ExpenditureClass.position,
    )

    def is_valid_for(self, period) -> bool:
        """Whether the class is used in the budget period ``period`` (by the day it starts)."""
        return ((self.valid_from is None or self.valid_from <= period.starts_on)
                and (self.valid_until is None or period.starts_on <= self.valid_until))

    @property
    def is_requirement(self) -> bool:
        """A class of the requirements (groups I–III), not an item UN tables print after them
        (staff assessment income, voluntary contributions in kind): what subtotals, the gross
        requirements, variances and the money attributed to activities count."""
        return not self.group.below_gross

    @classmethod
    def requirement_ids(cls):
        """The ids of the classes of the requirements, as a subquery (``is_requirement`` in SQL)."""
        return (sa.select(cls.id).join(ExpenditureGroup, ExpenditureGroup.id == cls.group_id)
                .where(ExpenditureGroup.below_gross.is_(False)).scalar_subquery())

    @classmethod
    def used_in(cls, period):
        """``is_valid_for`` as an SQL condition: the classes used in the budget period ``period``."""
        return sa.and_(sa.or_(cls.valid_from.is_(None), cls.valid_from <= period.starts_on),
                       sa.or_(cls.valid_until.is_(None), cls.valid_until >= period.starts_on))


class BudgetStage(enum.Enum):
    """The stages of the budget cycle, in the order they happen."""

    PROPOSED = "proposed"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REVISED = "revised"
    EXPENDITURE = "expenditure"


class Provenance(enum.Enum):
    """How a figure is known: typed by someone with no source document yet, read in a cited
    document, derived by arithmetic, or made up for a demonstration. Shown next to the figure, as
    DOMAIN.md labels it. A new figure is entered until someone attaches its source."""

    ENTERED = "entered"
    VERIFIED = "verified"
    DERIVED = "derived"
    ILLUSTRATIVE = "illustrative"


class BudgetLine(Versioned, Base):
    __tablename__ = "budget_lines"
    __table_args__ = (sa.UniqueConstraint("mission_id", "period_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="RESTRICT"))
    # A short reference such as BL-012: the stable key of the line in workbooks.
    ref: Mapped[str] = mapped_column(sa.String(20))
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("expenditure_classes.id", ondelete="RESTRICT"))
    description: Mapped[str] = mapped_column(sa.String(300), default="")
    component_id: Mapped[int | None] = mapped_column(sa.ForeignKey("components.id", ondelete="SET NULL"))
    activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id", ondelete="SET NULL"))

    expenditure_class: Mapped[ExpenditureClass] = relationship()
    amounts: Mapped[list["BudgetAmount"]] = relationship(back_populates="line", cascade="all, delete-orphan")
    component: Mapped["Component | None"] = relationship()  # noqa: F821
    activity: Mapped["Activity | None"] = relationship(back_populates="budget_lines")  # noqa: F821


sa.Index("ix_budget_lines_mission_period", BudgetLine.mission_id, BudgetLine.period_id)


class BudgetAmount(Versioned, Base):
    """One line's amount at one stage, with the document it comes from."""

    __tablename__ = "budget_amounts"
    __table_args__ = (sa.UniqueConstraint("line_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    stage: Mapped[BudgetStage] = mapped_column(enum_column(BudgetStage, "budget_stage"))
    amount: Mapped[Decimal] = mapped_column(Money())
    source_symbol: Mapped[str] = mapped_column(sa.String(60), default="")
    source_date: Mapped[date | None]
    provenance: Mapped[Provenance] = mapped_column(
        enum_column(Provenance, "provenance"), default=Provenance.ENTERED
    )
    source_note: Mapped[str] = mapped_column(sa.Text, default="")

    line: Mapped[BudgetLine] = relationship(back_populates="amounts")


class VarianceCause(enum.Enum):
    """The four standard causes of a variance in UN budget reports."""

    MANDATE = "mandate"
    EXTERNAL = "external"
    COST_PARAMETERS = "cost_parameters"
    MANAGEMENT = "management"


class ReportKind(enum.Enum):
    BUDGET = "budget"
    PERFORMANCE = "performance"


class VarianceExplanation(Versioned, Base):
    """Why a class of expenditure varies, for the budget or the performance report."""

    __tablename__ = "variance_explanations"
    __table_args__ = (sa.UniqueConstraint("mission_id", "period_id", "class_id", "report_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_periods.id", ondelete="RESTRICT"))
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("expenditure_classes.id", ondelete="RESTRICT"))
    report_kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, "report_kind"))
    cause: Mapped[VarianceCause] = mapped_column(enum_column(VarianceCause, "variance_cause"))
    text: Mapped[str] = mapped_column(sa.Text)

    expenditure_class: Mapped[ExpenditureClass] = relationship()
