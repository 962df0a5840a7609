"""The shape of a record type: what a domain package declares so that the engine can give it a
form, a list, a page, a history, an audit trail and a workbook sheet.

A domain states each of its record types once, in its own ``specs.py``, with keyword arguments.
What the mapped columns already say (text lengths, whether a value may be missing, enum
classes, money) is read from the model rather than repeated. A record type's special behaviour
is declared here as a hook (a reason rule, extra actions, related sections, filter choices, a
display label), so that the engine never tests which type it is handling.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy import inspect as inspect_mapper
from sqlalchemy.orm import RelationshipProperty

from cpas.auth.permissions import EDITORS
from cpas.entry.fields import FieldSpec, Kind
from cpas.models.types import Money, Quantity


class Scope(enum.Enum):
    GLOBAL = "global"  # shared by all missions (missions, periods, reference data)
    MISSION = "mission"  # belongs to a mission, whatever the period (mandates, CPAS outcomes)
    PERIOD = "period"  # belongs to a mission and a budget period (RBB framework, activities, budget)


@dataclass(frozen=True)
class Child:
    """A collection shown on a record's page. ``owned`` children go with their parent when it is
    deleted; any other dependent blocks the deletion and is listed instead."""

    spec: str
    relationship: str
    owned: bool = False


@dataclass(frozen=True)
class Action:
    """A button on a record's page leading to a page of the record's domain, e.g. a grid. It is
    offered to who may change the record, or to ``roles`` when the page is for others too."""

    label: object
    endpoint: str
    record_id_argument: str
    roles: tuple | None = None


@dataclass(frozen=True)
class ReasonRule:
    """Some changes must be explained. ``applies(record, values)`` says whether this change
    does (``values`` is None for a deletion); the messages say what is missing."""

    applies: Callable
    change_message: object
    delete_message: object
    help: object = ""


@dataclass(frozen=True)
class RelatedSections:
    """What a record's page shows beyond its own children: ``load_options(context)`` gives the
    eager loads that keep the page's query count fixed (and its records to the context's period),
    ``build(record)`` the (spec name, records) sections."""

    load_options: Callable[[], list]
    build: Callable


def field_of(attr: str, label, **declared) -> dict:
    """A field as a domain declares it: the attribute, its label and only what the model does
    not already say (``reference``, ``help``, ``allow_negative``, overrides)."""
    return {"attr": attr, "label": label, **declared}


@dataclass
class RecordSpec:
    name: str  # in URLs
    model: type
    label: object
    plural: object
    scope: Scope
    fields: list  # field_of() declarations, resolved into FieldSpecs against the model
    key_fields: tuple[str, ...]
    sheet: str = ""  # the workbook sheet's title: stable, never translated ("" for reference data)
    # The chain of relationships from this record to the one that carries mission_id/period_id.
    scope_path: tuple[str, ...] = ()
    parent_field: str | None = None
    list_columns: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    children: tuple[Child, ...] = ()
    writers: tuple = EDITORS
    # Extra checks across fields: (values, context) -> {attr: message}.
    checks: tuple[Callable, ...] = ()
    # A generated key for new records without one (activities, budget lines).
    ref_prefix: str | None = None
    # Hooks: see the classes above.
    reason_rule: ReasonRule | None = None
    actions: tuple[Action, ...] = ()
    related: RelatedSections | None = None
    # Reference data (seeded by migrations) is looked up, never entered.
    entered: bool = True
    # Other columns a reference may name the record by (a class of expenditure by its code).
    alternate_keys: tuple[str, ...] = ()
    # How the record is offered in a choice list; default: its key and title.
    choice_label: Callable | None = None
    # The references ``choice_label`` reads, loaded with the records a choice list offers.
    choice_references: tuple[str, ...] = ()
    # Narrows the records a choice list offers in a context: (context) -> an SQL condition, or None
    # for all (a budget line of 2023/24 is offered the classes of expenditure used in 2023/24).
    offered_when: Callable | None = None
    # Narrows the records a data workbook holds (a workbook holds one mission).
    workbook_filter: Callable | None = None
    # For a type with too many records to index whole for an import (a mission's data points): the
    # records a sheet's rows may name, (rows: [(key, {attr: raw value})]) -> an SQL condition that
    # holds at least every record named by a row's key or by its values, or None (index them all).
    rows_may_name: Callable | None = None
    # Narrows the records of a type shared by all missions to those the user may see: (context) ->
    # an SQL condition, or None for all (an account sees only the missions it holds a role in).
    visible: Callable | None = None
    # Why a record may no longer be changed or deleted by anyone (an approved assessment), or None.
    frozen: Callable | None = None
    # What follows from a record created or changed, in the same transaction: (session, record) -> None
    # (an impact indicator computed from incidents gets its values).
    after_save: Callable | None = None
    # What else names the record and forbids its deletion while it exists, beyond its declared
    # children: (session, record) -> [(what, count)] (the data a mission or period holds).
    holds: Callable | None = None

    def frozen_reason(self, record):
        return self.frozen(record) if self.frozen is not None else None

    def saved(self, session, record) -> None:
        if self.after_save is not None:
            session.flush()
            self.after_save(session, record)

    def __post_init__(self):
        fields = [resolve_field(self.model, declared) if isinstance(declared, dict) else declared
                  for declared in self.fields]
        self.fields = [replace(f, owner_outlives_period=self.scope is not Scope.PERIOD) for f in fields]

    def field(self, attr: str) -> FieldSpec:
        return next(f for f in self.fields if f.attr == attr)

    @property
    def form_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.in_form]

    @property
    def locked_with_period(self) -> bool:
        return self.scope is Scope.PERIOD


def _kind_of_column(column: sa.Column) -> tuple[Kind, dict]:
    column_type = column.type
    if isinstance(column_type, Money):
        return Kind.MONEY, {}
    if isinstance(column_type, Quantity):
        return Kind.QUANTITY, {}
    if isinstance(column_type, sa.Enum):
        return Kind.ENUM, {"enum_class": column_type.enum_class}
    if isinstance(column_type, sa.Date):
        return Kind.DATE, {}
    if isinstance(column_type, sa.Integer):
        return Kind.INTEGER, {}
    if isinstance(column_type, sa.Text):
        return Kind.LONG_TEXT, {}
    if isinstance(column_type, sa.String):  # no length: the FieldSpec's default (Excel's cell limit)
        return Kind.TEXT, {"max_length": column_type.length} if column_type.length else {}
    raise TypeError(f"no field kind for column {column} of type {column_type!r}")


def resolve_field(model: type, declared: dict) -> FieldSpec:
    """The FieldSpec of a declared field, its kind, length and required-ness read from the mapped
    column (or, for a reference, from the foreign key column under the relationship). A value
    that may not be null is required, unless blank text stands for the column's default."""
    declared = dict(declared)
    attr = declared.pop("attr")
    prop = inspect_mapper(model).attrs[attr]
    if isinstance(prop, RelationshipProperty):
        if prop.uselist:
            derived = {"kind": Kind.MULTI_REFERENCE, "required": False}
        else:
            (foreign_key,) = prop.local_columns
            derived = {"kind": Kind.REFERENCE, "required": not foreign_key.nullable}
    else:
        (column,) = prop.columns
        kind, extra = _kind_of_column(column)
        blank_is_default = kind in (Kind.TEXT, Kind.LONG_TEXT) and column.default is not None
        derived = {"kind": kind, "required": not column.nullable and not blank_is_default, **extra}
        if column.default is not None and column.default.is_scalar and kind not in (Kind.TEXT, Kind.LONG_TEXT):
            derived["blank_value"] = column.default.arg  # used only where the domain makes the field optional
    return replace(FieldSpec(attr, declared.pop("label")), **{**derived, **declared})


def names_its_period(field_spec: FieldSpec) -> bool:
    """Whether a reference points from a record kept across budget periods (an impact indicator)
    to a record of one period (an indicator of achievement). Such a reference names the period
    with the key, ``2019/20 · 2.1.1``, and may point into any period of the mission: the same key
    names another record in each period, and a page of one period must neither relink the
    reference to its own period's record nor drop it."""
    return (field_spec.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE) and field_spec.owner_outlives_period
            and SPECS[field_spec.reference].scope is Scope.PERIOD)


@dataclass
class Registry:
    """Every record type of the app by name, as the domain packages register them."""

    specs: dict[str, RecordSpec] = field(default_factory=dict)
    _by_model: dict[type, RecordSpec] = field(default_factory=dict)

    def register(self, spec: RecordSpec) -> RecordSpec:
        if spec.name in self.specs:
            raise ValueError(f"record type {spec.name} is registered twice")
        self.specs[spec.name] = spec
        return spec

    def for_model(self, model: type) -> RecordSpec | None:
        # called for every part of every key a workbook writes (a quarter of a million times for the
        # biggest mission's): a dictionary, kept in step with the registry
        if len(self._by_model) != len(self.specs):
            self._by_model = {spec.model: spec for spec in self.specs.values()}
        return self._by_model.get(model)


REGISTRY = Registry()
SPECS = REGISTRY.specs
register = REGISTRY.register
spec_for_model = REGISTRY.for_model
