"""Which data points a data workbook holds. A mission's data points outgrow what a person edits
(the biggest mission of the scale benchmark has 180,000 of them, 100,000 in one period), so the
sheet holds those observed up to the period's end (the latest that fit, where they are more than a
sheet holds) unless a date range, one impact indicator or one region are chosen. Every sheet is
bounded by the rows an import reads back (``MAX_ROWS_PER_SHEET``): a workbook the app writes can
always be uploaded again."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cpas.entry.context import EntryContext
from cpas.entry.scoping import scoped_select
from cpas.entry.spec import SPECS, RecordSpec
from cpas.models import DataPoint, ImpactIndicator, Outcome
from cpas.workbook.reader import MAX_ROWS_PER_SHEET

MAX_RECORDS_PER_SHEET = MAX_ROWS_PER_SHEET - 1  # below the header row
SELECTED_SHEET = "data-points"  # the record type whose rows are chosen
MAX_QUERY_TEXT = 100


class SelectionError(ValueError):
    """A selection that cannot be made, with the message the user reads."""


@dataclass(frozen=True)
class DataPointSelection:
    observed_from: date | None  # None: from the first
    observed_to: date
    indicator: ImpactIndicator | None = None
    region: str = ""

    def describe(self) -> str:
        """What the Data points sheet holds, in English as the workbook is."""
        if self.observed_from is None:
            text = f"data points observed up to {self.observed_to.isoformat()}"
        else:
            text = f"data points observed from {self.observed_from.isoformat()} to {self.observed_to.isoformat()}"
        if self.indicator is not None:
            text += f", impact indicator {self.indicator.code}"
        if self.region:
            text += f", region {self.region}"
        return text

    def condition(self):
        condition = DataPoint.observed_on <= self.observed_to
        if self.observed_from is not None:
            condition &= DataPoint.observed_on >= self.observed_from
        if self.indicator is not None:
            condition &= DataPoint.indicator_id == self.indicator.id
        if self.region:
            condition &= DataPoint.region == self.region
        return condition


def period_selection(context: EntryContext) -> DataPointSelection:
    """The data points observed up to the period's end."""
    return DataPointSelection(None, context.period.ends_on)


def default_selection(context: EntryContext) -> DataPointSelection:
    """The data points observed up to the period's end, or, where they are more than a sheet
    holds, those of the latest dates that fit (one query: the count of each date observed, one
    row per day)."""
    whole = period_selection(context)
    statement = (selected(SPECS[SELECTED_SHEET], context, whole)
                 .with_only_columns(DataPoint.observed_on, func.count(DataPoint.id))
                 .group_by(DataPoint.observed_on).order_by(DataPoint.observed_on.desc()))
    total, earliest = 0, None
    for observed_on, count in context.session.execute(statement):
        if total + count > MAX_RECORDS_PER_SHEET:
            return DataPointSelection(earliest or observed_on, whole.observed_to)
        total, earliest = total + count, observed_on
    return whole


def _date(text: str, what) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SelectionError(_l("%(what)s: write a date as YYYY-MM-DD, e.g. 2019-07-01.", what=what)) from None


def selection_from(args, context: EntryContext) -> DataPointSelection:
    """The selection a request asks for (``from``, ``to``, ``indicator``, ``region``): from the
    first data point and to the period's end where no date is given; SelectionError if it names what is not there."""
    default = period_selection(context)
    texts = {name: (args.get(name) or "")[:MAX_QUERY_TEXT].strip() for name in ("from", "to", "indicator", "region")}
    observed_from = _date(texts["from"], _l("From")) if texts["from"] else None
    observed_to = _date(texts["to"], _l("To")) if texts["to"] else default.observed_to
    if observed_from is not None and observed_from > observed_to:
        raise SelectionError(_l("The date range ends before it begins."))
    indicator = None
    if texts["indicator"]:
        indicator = context.session.scalar(
            select(ImpactIndicator).join(Outcome, Outcome.id == ImpactIndicator.outcome_id)
            .where(Outcome.mission_id == context.mission.id, ImpactIndicator.code == texts["indicator"]))
        if indicator is None:
            raise SelectionError(_l("%(mission)s has no impact indicator %(code)s: write its code as the workbook's "
                                    "Impact indicators sheet gives it.", mission=context.mission.code,
                                    code=texts["indicator"]))
    region = texts["region"]
    if region and region not in context.mission.region_list:
        raise SelectionError(_l("%(region)s is not one of %(mission)s's regions.", region=region,
                                mission=context.mission.code))
    return DataPointSelection(observed_from, observed_to, indicator, region)


def selected(spec: RecordSpec, context: EntryContext, selection: DataPointSelection):
    """The statement of a sheet's records: the records of the mission and period, and for the
    data points those of the selection."""
    statement = scoped_select(spec, context)
    if spec.workbook_filter is not None:
        statement = statement.where(spec.workbook_filter(context))
    if spec.name == SELECTED_SHEET:
        statement = statement.where(selection.condition())
    return statement


def count_selected(context: EntryContext, selection: DataPointSelection) -> int:
    statement = selected(SPECS[SELECTED_SHEET], context, selection)
    return context.session.scalar(select(func.count()).select_from(statement.with_only_columns(DataPoint.id)
                                                                   .subquery()))
