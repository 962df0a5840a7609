"""Made-up incidents in the ACLED shape, for tests, screenshots and timing: no real event, no ACLED
extract (its terms restrict redistribution). Violence peaks in November in the centre of the
country, as planners say it does, so that the seasonal view has something to show."""

import random
from datetime import date, timedelta

from sqlalchemy import insert

from cpas.incidents.services import count_incidents_by_month
from cpas.models import Incident, Mission
from cpas.models.incidents import EVENT_TYPES

# Relative weight of each region's incidents (made up).
REGION_WEIGHTS = {"Mopti": 6, "Ségou": 3, "Gao": 3, "Tombouctou": 2, "Kidal": 2, "Koulikoro": 1, "Bamako": 1,
                  "Sikasso": 0.5}
SEASON = {1: 1.4, 2: 0.9, 3: 0.8, 4: 0.7, 5: 0.7, 6: 0.8, 7: 0.8, 8: 0.9, 9: 1.0, 10: 1.4, 11: 2.6, 12: 2.0}
CENTRE = {"Mopti", "Ségou"}


def made_up_incident_rows(mission_id: int, count: int, first: date = date(2016, 1, 1),
                          last: date = date(2019, 12, 31), seed: int = 2019) -> list[dict]:
    """``count`` made-up incidents between ``first`` and ``last``, as rows for a bulk insert."""
    generator = random.Random(seed)
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    regions = list(REGION_WEIGHTS)
    rows = []
    while len(rows) < count:
        day = generator.choice(days)
        region = generator.choices(regions, weights=[REGION_WEIGHTS[name] for name in regions])[0]
        seasonal = SEASON[day.month] if region in CENTRE else 1.0
        if generator.random() * 2.6 > seasonal:
            continue  # thinned outside the season
        event_type = generator.choice(EVENT_TYPES)
        deadly = event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians")
        rows.append({
            "mission_id": mission_id, "event_id": f"MADEUP{len(rows):07d}", "event_date": day,
            "event_type": event_type, "admin1": region,
            "fatalities": generator.choice((0, 0, 1, 2, 3, 5, 8)) if deadly else 0,
            "actor1": "Made-up actor", "source": "Made up for tests",
        })
    return rows


def add_made_up_incidents(session, mission_id: int, count: int, **options) -> None:
    """Insert made-up incidents in bulk and count them by month, as an import does (the caller commits)."""
    rows = made_up_incident_rows(mission_id, count, **options)
    for start in range(0, len(rows), 10_000):
        session.execute(insert(Incident), rows[start:start + 10_000])
    count_incidents_by_month(session, session.get(Mission, mission_id))
