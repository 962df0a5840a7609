"""Record lists: the filters, search, sort and page a user asks for, in two queries whatever the
size of the list (a count, and one page of records with what they show)."""

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from cpas.entry.context import EntryContext
from cpas.entry.fields import FieldSpec, Kind, offered_choices
from cpas.entry.keys import Workspace, reference_choices
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.spec import RecordSpec


@dataclass
class ListRequest:
    filters: dict[str, str] = field(default_factory=dict)  # attr → value as in the URL
    text: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    per_page: int = 50


@dataclass
class ListPage:
    records: list
    total: int
    pages: int
    active_filters: dict[str, str]
    sortable: set[str]
    page: int = 1  # the page shown: the one asked for, or the last one if it asked beyond it


def sortable_columns(spec: RecordSpec) -> set[str]:
    return {attr for attr in spec.list_columns
            if spec.field(attr).kind not in (Kind.REFERENCE, Kind.MULTI_REFERENCE)}


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


def list_records(spec: RecordSpec, context: EntryContext, asked: ListRequest) -> ListPage:
    """One page of the records in scope, filtered, searched and sorted as asked; an unknown filter
    value or sort column is ignored rather than refused."""
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
    sortable = sortable_columns(spec)
    order = [getattr(spec.model, asked.sort)] if asked.sort in sortable else [
        getattr(spec.model, attr) for attr in spec.order_by]
    if asked.descending:
        order = [column.desc() for column in order]
    total = context.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max((total + asked.per_page - 1) // asked.per_page, 1)
    page = min(max(asked.page, 1), pages)  # page=99999999999999999999 would overflow the OFFSET
    records = context.session.scalars(
        statement.order_by(*order, spec.model.id).options(*key_options(spec, spec.list_columns))
        .limit(asked.per_page).offset((page - 1) * asked.per_page)
    ).all()
    return ListPage(list(records), total, pages, active, sortable, page)


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
