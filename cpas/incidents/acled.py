"""Reading incident files in the ACLED CSV layout with pandas.

Every column is read as text (no type guessing, no silent coercion) and then checked: a cell that
is not what its column holds becomes a row-level problem, never a NaN or a zero. ACLED's layout
has changed over the years; both the current one and the older one (``data_id``,
``event_id_no_cnty``, dates like "22 February 2019", the event type names of before 2019) are read
into the same shape."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from flask_babel import lazy_gettext as _l

from cpas.models.incidents import EVENT_TYPES, Incident

MAX_FILE_BYTES = 200 * 1024 * 1024  # the command line; an upload is bounded by MAX_CONTENT_LENGTH first
MAX_ROWS = 500_000
MAX_COLUMNS = 200
MAX_FATALITIES = 100_000  # per event; a larger figure is a typing error
MAX_PROBLEMS_LISTED = 200

CURRENT_LAYOUT = "current"
OLDER_LAYOUT = "older"
# Columns only the exports of before ACLED's 2019 revision carry.
OLDER_LAYOUT_MARKERS = ("data_id", "event_id_no_cnty")

REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "admin1", "fatalities")
OPTIONAL_COLUMNS = ("sub_event_type", "actor1", "actor2", "admin2", "location", "latitude", "longitude",
                    "source", "notes")
# The longest text each column may hold, as the incidents table stores it.
TEXT_LIMITS = {name: Incident.__table__.c[name].type.length or 20_000 for name in
               ("sub_event_type", "actor1", "actor2", "admin2", "location", "source", "notes")}
EVENT_ID_LIMIT = Incident.__table__.c.event_id.type.length

# The event types of the older layout, by their new name. "Riots/Protests" split into two: an
# event of it with fatalities was violent, a riot; one without, a protest.
OLDER_EVENT_TYPES = {
    "battle-no change of territory": "Battles",
    "battle-government regains territory": "Battles",
    "battle-non-state actor overtakes territory": "Battles",
    "battle-non-state actors overtake territory": "Battles",
    "remote violence": "Explosions/Remote violence",
    "strategic development": "Strategic developments",
    "non-violent transfer of territory": "Strategic developments",
    "headquarters or base established": "Strategic developments",
}
RIOTS_OR_PROTESTS = "riots/protests"
EVENT_TYPES_BY_KEY = {name.casefold(): name for name in EVENT_TYPES}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = re.compile(r"^\d+$")
COORDINATE = re.compile(r"^-?\d{1,3}(\.\d{1,6})?$")


@dataclass(frozen=True)
class RowProblem:
    line: int  # the line of the file, as a text editor shows it (the header is line 1); 0: the file
    column: str
    message: str


@dataclass
class AcledFile:
    """What was read: the incidents (one row each, the model's column names) and the problems."""

    layout: str = ""
    incidents: pd.DataFrame | None = None
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    region_spellings: dict[str, str] = field(default_factory=dict)  # ACLED's spelling -> the mission's

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, line: int, column: str, message) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(RowProblem(line, column, str(message)))


def region_key(name: str) -> str:
    """A region's name without accents, case, or the spacing and hyphens spellings vary in
    ("Ségou", "SEGOU", "Tombouctou"/"Tombouctou ")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s\-_']+", " ", plain).strip().casefold()


def read_acled(data: bytes, mission_regions: list[str], max_bytes: int = MAX_FILE_BYTES) -> AcledFile:
    result = AcledFile()
    if len(data) > max_bytes:
        result.add(0, "", _l("The file is larger than %(limit)d MB.", limit=max_bytes // (1024 * 1024)))
        return result
    try:
        text = data.decode("utf-8-sig")  # ACLED's exports come with and without a byte-order mark
    except UnicodeDecodeError:
        result.add(0, "", _l("The file is not UTF-8 text: export it from ACLED again as CSV (UTF-8)."))
        return result
    frame = _read_frame(text, result)
    if frame is None:
        return result
    result.layout = OLDER_LAYOUT if any(name in frame.columns for name in OLDER_LAYOUT_MARKERS) else CURRENT_LAYOUT
    result.incidents = _checked_incidents(frame, mission_regions, result)
    return result


def _read_frame(text: str, result: AcledFile) -> pd.DataFrame | None:
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    columns = [name.strip().lower() for name in header]
    if len(columns) > MAX_COLUMNS:
        result.add(1, "", _l("The file has more than %(limit)d columns.", limit=MAX_COLUMNS))
        return None
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        result.add(1, "", _l("This is not an ACLED export: the columns %(columns)s are missing.",
                             columns=", ".join(missing)))
        return None
    wanted = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + OLDER_LAYOUT_MARKERS)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                            usecols=lambda name: name.strip().lower() in wanted, nrows=MAX_ROWS + 1,
                            engine="c", skipinitialspace=False)
    except (pd.errors.ParserError, ValueError) as error:
        result.add(0, "", _l("The file is not a readable CSV file: %(error)s", error=str(error)[:200]))
        return None
    frame.columns = [name.strip().lower() for name in frame.columns]
    if len(frame) > MAX_ROWS:
        result.add(0, "", _l("The file has more than %(limit)s incidents: split it by year.", limit=f"{MAX_ROWS:,}"))
        return None
    if frame.empty:
        result.add(0, "", _l("The file holds no incident."))
        return None
    for name in OPTIONAL_COLUMNS:
        if name not in frame.columns:
            frame[name] = ""
    return frame


def _checked_incidents(frame: pd.DataFrame, mission_regions: list[str], result: AcledFile) -> pd.DataFrame:
    lines = pd.Series(range(2, len(frame) + 2), index=frame.index)
    text = frame.apply(lambda column: column.str.strip())

    def report(bad: pd.Series, column: str, message_for) -> None:
        for index in bad[bad].index[:MAX_PROBLEMS_LISTED]:
            result.add(int(lines[index]), column, message_for(frame.at[index, column]))
        result.problem_count += max(0, int(bad.sum()) - MAX_PROBLEMS_LISTED)

    event_id = text["event_id_cnty"]
    report(event_id.eq(""), "event_id_cnty", lambda value: _l("The event has no id."))
    report(event_id.str.len().gt(EVENT_ID_LIMIT), "event_id_cnty",
           lambda value: _l("The event id is longer than %(limit)d characters.", limit=EVENT_ID_LIMIT))
    repeated = event_id.ne("") & event_id.duplicated(keep="first")
    report(repeated, "event_id_cnty", lambda value: _l("The event %(id)s appears twice in the file.", id=value))

    event_date = _dates(text["event_date"])
    report(event_date.isna(), "event_date", lambda value: _l(
        "%(value)r is not a date: ACLED writes 2019-02-22 or 22 February 2019.", value=value))

    event_type = _event_types(text["event_type"], text["fatalities"])
    report(event_type.isna(), "event_type", lambda value: _l(
        "%(value)r is not an ACLED event type (%(types)s).", value=value, types=", ".join(EVENT_TYPES)))

    fatalities_text = text["fatalities"]
    negative = fatalities_text.str.match(r"^-\d+$")
    report(negative, "fatalities", lambda value: _l("Fatalities cannot be negative (%(value)s).", value=value))
    not_whole = ~negative & ~fatalities_text.str.match(WHOLE_NUMBER)
    report(not_whole, "fatalities", lambda value: _l("%(value)r is not a whole number of fatalities.", value=value))
    # Bounded by its digits before any conversion: 20 digits overflow a 64-bit integer (an error),
    # and 19 wrap around to a negative one.
    too_long = fatalities_text.str.match(WHOLE_NUMBER) & fatalities_text.str.lstrip("0").str.len().gt(
        len(str(MAX_FATALITIES)))
    fatalities = pd.to_numeric(fatalities_text.where(fatalities_text.str.match(WHOLE_NUMBER) & ~too_long, "0"),
                               errors="raise").astype("int64")
    report(too_long | fatalities.gt(MAX_FATALITIES), "fatalities", lambda value: _l(
        "%(value)s fatalities in one event is above the limit of %(limit)s: check the figure.",
        value=value, limit=f"{MAX_FATALITIES:,}"))

    admin1 = _regions(text["admin1"], mission_regions, result)
    report(text["admin1"].eq(""), "admin1", lambda value: _l("The event has no first-level region (admin1)."))
    unmatched = admin1.isna() & text["admin1"].ne("")
    report(unmatched, "admin1", lambda value: _l(
        "The region %(region)r is not one of the mission's regions (%(regions)s): add it to the mission, "
        "or correct the file.", region=value, regions=", ".join(mission_regions) or "-"))

    coordinate_messages = {"latitude": _l("%(value)r is not a latitude in degrees."),
                           "longitude": _l("%(value)r is not a longitude in degrees.")}
    for name, message in coordinate_messages.items():
        bad = text[name].ne("") & ~text[name].str.match(COORDINATE)
        report(bad, name, lambda value, message=message: message % {"value": value})
    for name, limit in TEXT_LIMITS.items():
        report(text[name].str.len().gt(limit), name, lambda value, limit=limit: _l(
            "The text is longer than %(limit)s characters.", limit=f"{limit:,}"))

    incidents = pd.DataFrame({
        "event_id": event_id, "event_date": event_date, "event_type": event_type, "admin1": admin1,
        "fatalities": fatalities,
        **{name: text[name] for name in OPTIONAL_COLUMNS},
    })
    return incidents


def _dates(values: pd.Series) -> pd.Series:
    """The dates, or NaT where the text is a date in none of the ways ACLED has written them."""
    parsed = pd.to_datetime(values.where(values.str.match(ISO_DATE)), format="%Y-%m-%d", errors="coerce")
    for spelled_out in ("%d %B %Y", "%d-%B-%Y"):  # "22 February 2019", "22-February-2019"
        parsed = parsed.fillna(pd.to_datetime(values.where(parsed.isna()), format=spelled_out, errors="coerce"))
    return parsed


def _event_types(values: pd.Series, fatalities: pd.Series) -> pd.Series:
    keys = values.str.casefold()
    named = keys.map(EVENT_TYPES_BY_KEY).fillna(keys.map(OLDER_EVENT_TYPES))
    riots = keys.eq(RIOTS_OR_PROTESTS)
    violent = fatalities.str.match(WHOLE_NUMBER) & fatalities.str.lstrip("0").ne("")  # at least one death
    named = named.mask(riots & violent, "Riots").mask(riots & ~violent, "Protests")
    return named


def _regions(values: pd.Series, mission_regions: list[str], result: AcledFile) -> pd.Series:
    by_key = {region_key(region): region for region in mission_regions}
    spellings = pd.Series(values.unique())
    matched = {spelling: by_key.get(region_key(spelling)) for spelling in spellings if spelling}
    result.region_spellings = {spelling: region for spelling, region in matched.items()
                               if region is not None and region != spelling}
    return values.map(matched)
