"""Impact indicators computed from the incident data: their data points follow the incidents.

An indicator is computed when it names a measure (fatalities or events); its event types and
actor narrow the incidents counted; it has one value per calendar year, quarter or month, for the
whole mission area and, where its values by region add up, for each region. Each interval from the first incident to the
last has a value, zero included (no incident in a month is a fact); the last interval is dated on
the last incident and said to be partial. Values entered by hand on the same date and region are
kept: an entered figure wins over a computed one."""

import pandas as pd
from sqlalchemy import delete, extract, func, select
from sqlalchemy.orm import Session

from cpas.incidents.queries import latest_import
from cpas.models import (
    DataPoint,
    ImpactIndicator,
    Incident,
    IncidentImport,
    IncidentInterval,
    IncidentMeasure,
    Mission,
    Outcome,
    Provenance,
    RegionalAggregation,
)

PANDAS_FREQUENCY = {IncidentInterval.YEAR: "Y", IncidentInterval.QUARTER: "Q", IncidentInterval.MONTH: "M"}


def event_types_of(indicator: ImpactIndicator) -> list[str]:
    return [name.strip() for name in indicator.incident_event_types.split(",") if name.strip()]


def computed_indicators(session: Session, mission: Mission) -> list[ImpactIndicator]:
    return list(session.scalars(select(ImpactIndicator).join(Outcome).where(
        Outcome.mission_id == mission.id, ImpactIndicator.incident_measure.is_not(None))))


def refresh_computed_indicators(session: Session, mission: Mission, source: IncidentImport) -> int:
    """Recompute every computed indicator of the mission from its incidents; returns how many."""
    indicators = computed_indicators(session, mission)
    for indicator in indicators:
        refresh_indicator(session, mission, indicator, source)
    return len(indicators)


def indicator_saved(session: Session, indicator: ImpactIndicator) -> None:
    """After an indicator is created or changed: computed from incidents, its values follow the
    mission's incidents at once (from its last import), and they are dropped when it no longer is."""
    outcome = session.get(Outcome, indicator.outcome_id)
    mission = session.get(Mission, outcome.mission_id)
    latest = latest_import(session, mission)
    if indicator.computed_from_incidents and latest is not None:
        refresh_indicator(session, mission, indicator, latest)
    elif not indicator.computed_from_incidents:
        session.execute(delete(DataPoint).where(DataPoint.indicator_id == indicator.id,
                                                DataPoint.incident_import_id.is_not(None)))


def refresh_indicator(session: Session, mission: Mission, indicator: ImpactIndicator,
                      source: IncidentImport) -> None:
    session.execute(delete(DataPoint).where(DataPoint.indicator_id == indicator.id,
                                            DataPoint.incident_import_id.is_not(None)))
    entered = set(session.execute(select(DataPoint.observed_on, DataPoint.region)
                                  .where(DataPoint.indicator_id == indicator.id)).all())
    values = indicator_values(session, mission, indicator)
    source_text = f"Computed from the incident file {source.file_name} imported on {source.imported_at:%Y-%m-%d}"
    session.add_all(
        DataPoint(indicator_id=indicator.id, observed_on=observed_on, region=region, value=value,
                  source=source_text, accessed_on=source.imported_at.date(), comment=comment,
                  provenance=Provenance.DERIVED, incident_import_id=source.id)
        for observed_on, region, value, comment in values if (observed_on, region) not in entered)
    session.flush()


def indicator_values(session: Session, mission: Mission, indicator: ImpactIndicator) -> list[tuple]:
    """(dated on, region or "", value, comment) of each interval, counted in SQL by month."""
    span = session.execute(select(func.min(Incident.event_date), func.max(Incident.event_date))
                           .where(Incident.mission_id == mission.id)).one()
    if span[0] is None:
        return []
    first, last = span
    measure = (func.sum(Incident.fatalities) if indicator.incident_measure is IncidentMeasure.FATALITIES
               else func.count())
    year, month = extract("year", Incident.event_date), extract("month", Incident.event_date)
    query = (select(year, month, Incident.admin1, measure).where(Incident.mission_id == mission.id)
             .group_by(year, month, Incident.admin1))
    if event_types_of(indicator):
        query = query.where(Incident.event_type.in_(event_types_of(indicator)))
    if indicator.incident_actor.strip():
        actor = indicator.incident_actor.strip()
        query = query.where(Incident.actor1.icontains(actor, autoescape=True)
                            | Incident.actor2.icontains(actor, autoescape=True))
    counts = pd.DataFrame(session.execute(query).all(), columns=["year", "month", "region", "value"])
    interval = indicator.incident_interval or IncidentInterval.YEAR
    periods = pd.period_range(first, last, freq=PANDAS_FREQUENCY[interval])
    counts["period"] = [pd.Period(year=int(y), month=int(m), freq="M").asfreq(PANDAS_FREQUENCY[interval])
                        for y, m in zip(counts["year"], counts["month"], strict=True)]
    counts["value"] = counts["value"].astype("int64")
    by_region = counts.groupby(["period", "region"])["value"].sum()
    whole_area = counts.groupby("period")["value"].sum()
    rows = []
    regions = mission.region_list if indicator.regional_aggregation is RegionalAggregation.SUM else []
    for period in periods:
        ends_on = min(period.end_time.date(), last)
        comment = f"Partial: incidents up to {last:%Y-%m-%d}" if ends_on < period.end_time.date() else ""
        rows.append((ends_on, "", int(whole_area.get(period, 0)), comment))
        rows.extend((ends_on, region, int(by_region.get((period, region), 0)), comment) for region in regions)
    return rows
