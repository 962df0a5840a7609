"""Reads of a mission's incident data: its imports and how many incidents it holds."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpas.models import Incident, IncidentImport, Mission, User


def latest_import(session: Session, mission: Mission) -> IncidentImport | None:
    """The mission's last incident import: a preview made before it is out of date, and the
    source of the values computed from the incidents."""
    return session.scalar(select(IncidentImport).where(IncidentImport.mission_id == mission.id)
                          .order_by(IncidentImport.id.desc()).limit(1))


def incident_count(session: Session, mission: Mission) -> int:
    return session.scalar(select(func.count()).select_from(Incident).where(Incident.mission_id == mission.id))


def recent_imports(session: Session, mission: Mission, limit: int) -> list[tuple]:
    """(import, its user's display name, login) of the mission's last ``limit`` imports, newest first (one query)."""
    return session.execute(
        select(IncidentImport, User.display_name, User.login).outerjoin(User, User.id == IncidentImport.user_id)
        .where(IncidentImport.mission_id == mission.id).order_by(IncidentImport.id.desc()).limit(limit)
    ).all()
