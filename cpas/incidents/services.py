"""Importing an incident file into a mission, all or nothing.

Event ids are the keys: a re-import of the same file adds nothing, and an event ACLED revised since
(its fatalities, its type, its notes) is updated. Events missing from the file are kept: a file
may cover a shorter span than the one before. The indicators computed from the incidents are
recomputed in the same transaction."""

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import Integer, cast, delete, extract, func, insert, select, update
from sqlalchemy.orm import Session

from cpas.audit import now, record_change
from cpas.incidents.acled import MAX_FILE_BYTES, OPTIONAL_COLUMNS, RowProblem, read_acled
from cpas.incidents.indicators import refresh_computed_indicators
from cpas.models import AuditAction, Incident, IncidentImport, IncidentMonth, Mission, User

COMPARED_COLUMNS = ("event_date", "event_type", "admin1", "fatalities", *OPTIONAL_COLUMNS)
COORDINATE_PLACES = Decimal("0.000001")


@dataclass
class IncidentImportResult:
    file_name: str = ""
    layout: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    region_spellings: dict[str, str] = field(default_factory=dict)
    indicators_recomputed: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def import_incidents(session: Session, mission: Mission, data: bytes, *, file_name: str, user: User | None,
                     apply: bool, max_bytes: int = MAX_FILE_BYTES) -> IncidentImportResult:
    """Check an ACLED file against the mission and count what it would create and change; with
    ``apply`` and no problem, write it. A file with any problem writes nothing."""
    read = read_acled(data, mission.region_list, max_bytes)
    result = IncidentImportResult(file_name=file_name, layout=read.layout, problems=read.problems,
                                  problem_count=read.problem_count, region_spellings=read.region_spellings)
    if not read.ok:
        return result
    incidents = _with_coordinates(read.incidents)
    result.rows = len(incidents)
    merged = incidents.merge(_existing(session, mission), on="event_id", how="left", suffixes=("", "_stored"),
                             indicator=True)
    is_new = merged["_merge"].eq("left_only")
    changed = ~is_new & _differs(merged)
    result.created, result.updated = int(is_new.sum()), int(changed.sum())
    result.unchanged = result.rows - result.created - result.updated
    if not apply:
        return result
    imported = IncidentImport(mission_id=mission.id, file_name=file_name[:255], layout=read.layout,
                              imported_at=now(), user_id=user.id if user else None, rows=result.rows,
                              created=result.created, updated=result.updated)
    session.add(imported)
    session.flush()
    _write(session, mission, imported, merged[is_new], merged[changed])
    record_change(session, AuditAction.CREATE, imported, user_id=imported.user_id,
                  summary=f"Incident file {file_name!r}: {result.created} new, {result.updated} revised, "
                          f"{result.unchanged} unchanged")
    count_incidents_by_month(session, mission)
    result.indicators_recomputed = refresh_computed_indicators(session, mission, imported)
    result.applied = True
    return result


def count_incidents_by_month(session: Session, mission: Mission) -> None:
    """Rebuild the mission's counts of incidents by region, month and event type, in SQL."""
    session.execute(delete(IncidentMonth).where(IncidentMonth.mission_id == mission.id))
    year = cast(extract("year", Incident.event_date), Integer)
    month = cast(extract("month", Incident.event_date), Integer)
    counted = (select(Incident.mission_id, Incident.admin1, year, month, Incident.event_type, func.count(),
                      func.sum(Incident.fatalities))
               .where(Incident.mission_id == mission.id)
               .group_by(Incident.mission_id, Incident.admin1, year, month, Incident.event_type))
    session.execute(insert(IncidentMonth).from_select(
        ["mission_id", "region", "year", "month", "event_type", "events", "fatalities"], counted))


def _with_coordinates(incidents: pd.DataFrame) -> pd.DataFrame:
    """Coordinates as exact ``Decimal`` to ACLED's six places (the stored precision), dates as dates."""
    incidents = incidents.copy()
    for name in ("latitude", "longitude"):
        incidents[name] = [Decimal(text).quantize(COORDINATE_PLACES) if text else None for text in incidents[name]]
    incidents["event_date"] = incidents["event_date"].dt.date
    return incidents


def _existing(session: Session, mission: Mission) -> pd.DataFrame:
    columns = [Incident.id, Incident.event_id, *(getattr(Incident, name) for name in COMPARED_COLUMNS)]
    rows = session.execute(select(*columns).where(Incident.mission_id == mission.id)).all()
    return pd.DataFrame(rows, columns=["id", "event_id", *COMPARED_COLUMNS], dtype=object)


def _differs(merged: pd.DataFrame) -> pd.Series:
    differs = pd.Series(False, index=merged.index)
    for name in COMPARED_COLUMNS:
        new, stored = merged[name].astype(object), merged[f"{name}_stored"].astype(object)
        differs |= ~((new == stored) | (new.isna() & stored.isna()))
    return differs


def _write(session: Session, mission: Mission, imported: IncidentImport, new: pd.DataFrame,
           revised: pd.DataFrame) -> None:
    fields = ["event_id", *COMPARED_COLUMNS]
    if len(new):
        session.execute(insert(Incident), [
            {**dict(zip(fields, values, strict=True)), "mission_id": mission.id, "import_id": imported.id}
            for values in new[fields].itertuples(index=False, name=None)])
    if len(revised):
        session.execute(update(Incident), [
            {**dict(zip(COMPARED_COLUMNS, values[1:], strict=True)), "id": int(values[0]), "import_id": imported.id}
            for values in revised[["id", *COMPARED_COLUMNS]].itertuples(index=False, name=None)])
