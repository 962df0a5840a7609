"""Incidents in the ACLED shape, imported from files users bring (the app ships none)."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cpas.models.base import Base
from cpas.models.types import ScaledDecimal

# The event types of the ACLED format; civilian deaths are the fatalities of the last one.
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Protests",
    "Riots",
    "Strategic developments",
    "Violence against civilians",
)
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"


class IncidentImport(Base):
    """One incident file imported into a mission: the source of the incidents it wrote and of the
    indicator values computed from them."""

    __tablename__ = "incident_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    layout: Mapped[str] = mapped_column(sa.String(20))
    imported_at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        sa.UniqueConstraint("mission_id", "event_id"),
        sa.CheckConstraint("fatalities >= 0", name="fatalities_not_negative"),
        # Covers the threat calendar's aggregate: read in date order, an index-only scan needs no sort
        # of the incidents themselves (cpas.reports.queries.incidents_by_region_and_month).
        sa.Index("ix_incidents_calendar", "mission_id", "event_date", "admin1", "event_type", "fatalities"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(sa.String(40))
    event_date: Mapped[date]
    event_type: Mapped[str] = mapped_column(sa.String(60))
    sub_event_type: Mapped[str] = mapped_column(sa.String(100), default="")
    actor1: Mapped[str] = mapped_column(sa.String(300), default="")
    actor2: Mapped[str] = mapped_column(sa.String(300), default="")
    admin1: Mapped[str] = mapped_column(sa.String(100), default="")
    admin2: Mapped[str] = mapped_column(sa.String(100), default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    latitude: Mapped[Decimal | None] = mapped_column(ScaledDecimal(places=6))
    longitude: Mapped[Decimal | None] = mapped_column(ScaledDecimal(places=6))
    fatalities: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # The import that last wrote the incident (ACLED revises events: a re-import updates them).
    import_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incident_imports.id", ondelete="SET NULL"))


class IncidentMonth(Base):
    """A mission's incidents counted by region, month and event type: the threat calendar reads
    these few thousand rows, not every incident. Rebuilt by each incident import, the only writer
    of incidents (``cpas.incidents.services.count_incidents_by_month``)."""

    __tablename__ = "incident_months"

    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    events: Mapped[int]
    fatalities: Mapped[int]
