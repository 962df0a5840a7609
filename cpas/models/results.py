"""CPAS results: intended outcomes, impact indicators, their targets and dated data points."""

import enum
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.budget import Provenance
from cpas.models.mixins import Versioned
from cpas.models.types import Quantity, enum_column


class Outcome(Versioned, Base):
    """A priority or intended outcome of the mission plan, e.g. protection of civilians in
    Central Mali."""

    __tablename__ = "outcomes"
    __table_args__ = (sa.UniqueConstraint("mission_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    mandated_task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("mandated_tasks.id", ondelete="SET NULL"))

    indicators: Mapped[list["ImpactIndicator"]] = relationship(
        back_populates="outcome", order_by="ImpactIndicator.code", cascade="all, delete-orphan"
    )
    mandated_task: Mapped["MandatedTask | None"] = relationship()  # noqa: F821


class Direction(enum.Enum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class RegionalAggregation(enum.Enum):
    """How an indicator's values by region relate to its value for the whole mission area."""

    SUM = "sum"  # a count: the regions add up to the whole
    NONE = "none"  # a rate or a share: they do not


class IncidentMeasure(enum.Enum):
    """What an indicator computed from the incident data counts."""

    FATALITIES = "fatalities"
    EVENTS = "events"


class IncidentInterval(enum.Enum):
    """The calendar intervals an indicator computed from incidents has one value for."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class ImpactIndicator(Versioned, Base):
    __tablename__ = "impact_indicators"
    __table_args__ = (sa.UniqueConstraint("outcome_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(300))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    unit: Mapped[str] = mapped_column(sa.String(60), default="")
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "direction"))
    baseline_value: Mapped[Decimal | None] = mapped_column(Quantity())
    baseline_on: Mapped[date | None]
    data_source: Mapped[str] = mapped_column(sa.Text, default="")
    frequency: Mapped[str] = mapped_column(sa.String(60), default="")
    responsible_section: Mapped[str] = mapped_column(sa.String(200), default="")
    regional_aggregation: Mapped[RegionalAggregation] = mapped_column(
        enum_column(RegionalAggregation, "regional_aggregation"), default=RegionalAggregation.NONE,
        server_default=RegionalAggregation.NONE.value,
    )
    rbb_indicator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("indicators_of_achievement.id", ondelete="SET NULL")
    )

    outcome: Mapped[Outcome] = relationship(back_populates="indicators")
    targets: Mapped[list["IndicatorTarget"]] = relationship(
        back_populates="indicator", order_by="IndicatorTarget.target_on", cascade="all, delete-orphan"
    )
    data_points: Mapped[list["DataPoint"]] = relationship(
        back_populates="indicator", order_by="DataPoint.observed_on", cascade="all, delete-orphan"
    )
    # Computed from the incident data when a measure is set: its data points then follow the
    # incidents (the event types are comma-separated; the actor matches actor 1 or 2, in part).
    # Incidents add up by region: where the regional values add up (SUM), each region has its own.
    incident_measure: Mapped[IncidentMeasure | None] = mapped_column(enum_column(IncidentMeasure, "incident_measure"))
    incident_event_types: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    incident_actor: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    incident_interval: Mapped[IncidentInterval | None] = mapped_column(
        enum_column(IncidentInterval, "incident_interval"))

    rbb_indicator: Mapped["IndicatorOfAchievement | None"] = relationship()  # noqa: F821

    @property
    def computed_from_incidents(self) -> bool:
        return self.incident_measure is not None


class IndicatorTarget(Versioned, Base):
    __tablename__ = "indicator_targets"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "target_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_indicators.id", ondelete="CASCADE"), index=True)
    target_on: Mapped[date]
    value: Mapped[Decimal] = mapped_column(Quantity())
    provenance: Mapped[Provenance] = mapped_column(
        enum_column(Provenance, "provenance"), default=Provenance.ENTERED, server_default=Provenance.ENTERED.value,
    )
    source_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    indicator: Mapped[ImpactIndicator] = relationship(back_populates="targets")


class DataPoint(Versioned, Base):
    """One dated observation, for the whole mission area (region empty) or one region.

    Published tallies are revised over time, so each value keeps its source and access date."""

    __tablename__ = "data_points"
    __table_args__ = (
        # An indicator's values by date, all regions of a date together (the regions' check).
        sa.UniqueConstraint("indicator_id", "observed_on", "region"),
        # One region's values by date, whole-mission values first among them: an indicator's last
        # values are a seek, not a walk back through every region's values of each date.
        sa.Index("ix_data_points_indicator_id_region_observed_on", "indicator_id", "region", "observed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_indicators.id", ondelete="CASCADE"))
    observed_on: Mapped[date]
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    value: Mapped[Decimal] = mapped_column(Quantity())
    source: Mapped[str] = mapped_column(sa.Text, default="")
    accessed_on: Mapped[date | None]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    provenance: Mapped[Provenance] = mapped_column(
        enum_column(Provenance, "provenance"), default=Provenance.ENTERED
    )
    # Set when the value was computed from the incidents: the import it was computed after.
    incident_import_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("incident_imports.id", ondelete="SET NULL"))

    indicator: Mapped[ImpactIndicator] = relationship(back_populates="data_points")
