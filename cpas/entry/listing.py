"""Record lists: the filters, search, sort and page a user asks for, in a fixed number of queries
whatever the size of the list: a count, and one page of records with what they show.

Pages are read by key (keyset), never by OFFSET: a page is the records that come just after (or just
before) a record named in the address, in the list's order, so the last page of 100,000 records is
read as fast as the first (the last page is the first one of the reversed order). The count tells
where the page lies: "records 51 to 100 of 63,210"."""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, false, func, or_, true

from cpas.entry.context import EntryContext
from cpas.entry.fields import FieldSpec, Kind, offered_choices
from cpas.entry.keys import Workspace, reference_choices
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.spec import RecordSpec

FIRST, LAST = "first", "last"


@dataclass
class ListRequest:
    filters: dict[str, str] = field(default_factory=dict)  # attr → value as in the URL
    text: str = ""
    sort: str = ""
    descending: bool = False
    # Which page: the first, the last, or the one just after or just before a record (its id).
    after: int | None = None
    before: int | None = None
    last: bool = False
    per_page: int = 50


@dataclass
class ListPage:
    records: list
    total: int
    active_filters: dict[str, str]
    sortable: set[str]
    first_position: int = 1  # the position in the list of the page's first record, from 1

    @property
    def last_position(self) -> int:
        return self.first_position + len(self.records) - 1

    @property
    def has_previous(self) -> bool:
        return self.first_position > 1

    @property
    def has_next(self) -> bool:
        return self.last_position < self.total

    @property
    def after(self) -> int | None:
        """The key of the next page: its records come after this one."""
        return self.records[-1].id if self.records and self.has_next else None

    @property
    def before(self) -> int | None:
        """The key of the previous page: its records come before this one."""
        return self.records[0].id if self.records and self.has_previous else None


@dataclass(frozen=True)
class SortKey:
    """One column of the list's order. NULLs come first going up and last going down, on SQLite
    (its own way) and PostgreSQL (told so) alike, so that reversing the order reverses the list."""

    column: object
    descending: bool
    nullable: bool

    def reversed(self) -> "SortKey":
        return SortKey(self.column, not self.descending, self.nullable)

    def ordering(self):
        if self.descending:
            return self.column.desc().nulls_last() if self.nullable else self.column.desc()
        return self.column.asc().nulls_first() if self.nullable else self.column.asc()

    def equal(self, value):
        return self.column.is_(None) if value is None else self.column == value

    def beyond(self, value):
        """Whether a record's value comes after ``value`` in this key's order."""
        if self.descending:
            if value is None:
                return false()
            return or_(self.column < value, self.column.is_(None)) if self.nullable else self.column < value
        if value is None:
            return self.column.is_not(None)
        return self.column > value


def sortable_columns(spec: RecordSpec) -> set[str]:
    return {attr for attr in spec.list_columns
            if spec.field(attr).kind not in (Kind.REFERENCE, Kind.MULTI_REFERENCE)}


def _sort_keys(spec: RecordSpec, asked: ListRequest, sortable: set[str]) -> list[SortKey]:
    attrs = [asked.sort] if asked.sort in sortable else list(spec.order_by)
    keys = []
    for attr in attrs:
        column = getattr(spec.model, attr)
        keys.append(SortKey(column, asked.descending, getattr(column.expression, "nullable", True)))
    return [*keys, SortKey(spec.model.id, False, False)]  # the id last, going up: a total order


def _comes_after(keys: list[SortKey], values: tuple):
    """The condition that a record comes after the one whose sort values are ``values``, in the
    order of ``keys``: later in the first key, or equal in it and later in the next, and so on."""
    alternatives, equal_so_far = [], []
    for key, value in zip(keys, values, strict=True):
        alternatives.append(and_(*equal_so_far, key.beyond(value)))
        equal_so_far.append(key.equal(value))
    return or_(*alternatives)


def _matches(field_spec: FieldSpec, column, target):
    """The filter's condition: the value itself, or, in a field holding several choices ("Mopti,
    Ségou"), any one of them."""
    separator = (field_spec.choice_separator or "").strip()
    if not separator or not isinstance(target, str):
        return column == target
    escaped = target.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    spaced = func.replace(column, f"{separator} ", separator)  # "Mopti, Ségou" as "Mopti,Ségou"
    return or_(column == target, *(spaced.like(pattern, escape="\\") for pattern in (
        f"{escaped}{separator}%", f"%{separator}{escaped}", f"%{separator}{escaped}{separator}%")))


def _filtered(spec: RecordSpec, context: EntryContext, asked: ListRequest):
    """The records in scope, filtered and searched as asked, and the filters that applied."""
    statement, active = scoped_select(spec, context), {}
    for attr in spec.filters:
        value = asked.filters.get(attr, "")
        if not value:
            continue
        field_spec = spec.field(attr)
        if field_spec.kind is Kind.ENUM:
            target = next((member for member in field_spec.enum_class if member.value == value), None)
        elif field_spec.kind is Kind.REFERENCE:
            target = Workspace(context).reference_index(field_spec).get(value)
        else:
            target = value
        if target is not None:  # an unknown value is ignored rather than emptying the list
            statement = statement.where(_matches(field_spec, getattr(spec.model, attr), target))
            active[attr] = value
    if asked.text and spec.search:
        # What was typed is searched for as it is: % and _ are characters, not wildcards.
        typed = asked.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{typed}%"
        statement = statement.where(or_(*(getattr(spec.model, attr).ilike(pattern, escape="\\")
                                          for attr in spec.search)))
    return statement, active


def list_records(spec: RecordSpec, context: EntryContext, asked: ListRequest) -> ListPage:
    """One page of the records in scope, filtered, searched and sorted as asked: the first, the
    last, or the one after or before a record (read by key: no page costs more than the first).
    An unknown filter value or sort column is ignored rather than refused, and a page after or
    before a record no longer in the list is the first page."""
    session = context.session
    statement, active = _filtered(spec, context, asked)
    sortable = sortable_columns(spec)
    keys = _sort_keys(spec, asked, sortable)
    anchor_id = asked.after if asked.after is not None else asked.before
    anchor = None
    if anchor_id is not None and not asked.last:
        anchor = session.execute(statement.with_only_columns(*(key.column for key in keys))
                                 .where(spec.model.id == anchor_id)).first()
    going_back = asked.last or (anchor is not None and asked.after is None)
    condition = true()
    if anchor is not None:
        condition = _comes_after([key.reversed() for key in keys] if going_back else keys, tuple(anchor))
    # The total, and how many records the condition leaves: where the page lies in the list.
    counted = [func.count()]
    if anchor is not None:
        counted.append(func.coalesce(func.sum(case((condition, 1), else_=0)), 0))
    counts = session.execute(statement.with_only_columns(*counted, maintain_column_froms=True)).one()
    total, beyond = counts[0], counts[1] if anchor is not None else None
    reading = [key.reversed() for key in keys] if going_back else keys
    page_statement = (statement.order_by(*(key.ordering() for key in reading))
                      .options(*key_options(spec, spec.list_columns)).limit(asked.per_page))
    if anchor is not None:
        page_statement = page_statement.where(condition)
    records = list(session.scalars(page_statement).all())
    if anchor is not None and not records and total:  # after the last record: the last page
        return list_records(spec, context, ListRequest(asked.filters, asked.text, asked.sort, asked.descending,
                                                       last=True, per_page=asked.per_page))
    if going_back:
        records.reverse()
    if asked.last:
        first_position = total - len(records) + 1
    elif anchor is None:
        first_position = 1
    elif going_back:  # the records before the anchor: ``beyond`` of them, the page their last ones
        if beyond < asked.per_page:  # fewer than a page before it: the first page, whole
            return list_records(spec, context, ListRequest(asked.filters, asked.text, asked.sort, asked.descending,
                                                           per_page=asked.per_page))
        first_position = beyond - len(records) + 1
    else:  # the records after the anchor: ``beyond`` of them, from position total - beyond + 1
        first_position = total - beyond + 1
    return ListPage(records, total, active, sortable, max(first_position, 1))


def filter_choices(spec: RecordSpec, context: EntryContext) -> dict[str, list]:
    """The values each filter of the list offers."""
    choices = {}
    for attr in spec.filters:
        field_spec = spec.field(attr)
        if field_spec.kind is Kind.ENUM:
            choices[attr] = [(member.value, member) for member in field_spec.enum_class]
        elif field_spec.kind is Kind.REFERENCE:
            choices[attr] = reference_choices(field_spec, context)
        elif field_spec.choices is not None:
            choices[attr] = offered_choices(field_spec, context)
    return choices
