"""Data entry pages for every record type: list, detail, new, edit, delete, history.

A refused change shows the form again with its messages and discards the request's changes, so
the unit of work (``cpas.db``) saves nothing of it."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from cpas.audit import ChangeLog
from cpas.db import discard_changes, get_session
from cpas.entry.context import EntryContext
from cpas.entry.display import ID_PREFILL_SUFFIX, child_add_url, child_columns
from cpas.entry.errors import FORM_ERROR, ConflictError, DependentsError, ValidationError
from cpas.entry.fields import MAX_INTEGER, Kind
from cpas.entry.forms import build_form, initial_data, raw_values
from cpas.entry.history import build_history
from cpas.entry.keys import Workspace, reference_key
from cpas.entry.listing import LAST, ListRequest, filter_choices
from cpas.entry.listing import list_records as one_page_of_records
from cpas.entry.records import (
    create_record,
    delete_record,
    deletion_reasons,
    dependents_of,
    owned_children_count,
    records_held,
    update_record,
    write_changes,
)
from cpas.entry.scoping import children_loader, deleted_in_scope, key_options, scoped_select
from cpas.entry.spec import SPECS, RecordSpec
from cpas.entry.validation import check_reason
from cpas.models import PeriodLock
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("records", __name__, "/records")


def entry_context() -> EntryContext:
    """The entry context of the request's user, mission and period."""
    return EntryContext(get_session(), g.mission, g.period, current_user,
                        tolerance_percent=current_app.config["CPAS_TOLERANCE_PERCENT"], locale=str(get_locale()))


def _spec(name: str) -> RecordSpec:
    spec = SPECS.get(name)
    if spec is None or not spec.entered:
        abort(404)
    return spec


def load_record(spec: RecordSpec, context: EntryContext, record_id: int, *attrs, extra_options=()):
    """The record of ``spec`` with this id in the context's scope (404 otherwise), with the
    references among ``attrs`` (default: its key) loaded."""
    record = context.session.scalar(
        scoped_select(spec, context).where(spec.model.id == record_id)
        .options(*key_options(spec, attrs or None), *extra_options)
    )
    if record is None:
        abort(404)
    return record


def _require_writer(spec: RecordSpec, context: EntryContext) -> None:
    if not context.may_write(spec):
        abort(403)


def _closed_period_page(spec: RecordSpec, context: EntryContext, record_id: int | None = None):
    """A form of a closed period's records is not offered (a stale link, a bookmark): back to the
    record or the list, saying why. A crafted POST still reaches the service, which refuses it."""
    if request.method != "GET" or not context.locked_for(spec):
        return None
    flash(_("Budget period %(period)s is closed for %(mission)s: its figures can only be changed by an "
            "administrator.", period=context.period.label, mission=context.mission.code), "warning")
    if record_id is None:
        return redirect(url_for(".list_records", spec_name=spec.name))
    return redirect(url_for(".show_record", spec_name=spec.name, record_id=record_id))


@blueprint.context_processor
def entry_globals():
    lock = PeriodLock.find(get_session(), g.mission, g.period) if "mission" in g else None
    return {"period_lock": lock}


def _record_number(text: str | None) -> int | None:
    """A record's id from an address (a page's key): None unless a whole number a database holds."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) > MAX_INTEGER:
        return None
    return int(text)


@blueprint.route("/<spec_name>/")
def list_records(spec_name):
    spec, context = _spec(spec_name), entry_context()
    asked = ListRequest(
        filters={attr: request.args.get(attr, "") for attr in spec.filters}, text=request.args.get("q", "").strip(),
        sort=request.args.get("sort", ""), descending=request.args.get("dir") == "desc",
        after=_record_number(request.args.get("after")), before=_record_number(request.args.get("before")),
        last=request.args.get("page") == LAST, per_page=current_app.config["ROWS_PER_PAGE"])
    listing = one_page_of_records(spec, context, asked)
    return render_template(
        "records/list.html", spec=spec, records=listing.records, total=listing.total, listing=listing,
        filters=listing.active_filters, filter_choices=filter_choices(spec, context),
        query_text=asked.text, sort=asked.sort, descending=asked.descending, sortable=listing.sortable,
        may_change=context.may_change(spec),
    )


@blueprint.route("/<spec_name>/<int:record_id>")
def show_record(spec_name, record_id):
    spec, context = _spec(spec_name), entry_context()
    references = [f.attr for f in spec.fields if f.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE)]
    # Each child collection with what its table shows, in a fixed number of queries. Not the
    # reference back to this record, which the table leaves out: it is the record itself, already
    # loaded (a budget line's activity on the activity's page was queried again).
    children_options = [
        children_loader(getattr(spec.model, child.relationship), SPECS[child.spec], context).options(
            *key_options(SPECS[child.spec], child_columns(spec, child)))
        for child in spec.children
    ]
    related_options = spec.related.load_options(context) if spec.related else []
    record = load_record(spec, context, record_id, *references, extra_options=[*children_options, *related_options])
    related_sections = [(SPECS[name], items) for name, items in spec.related.build(record)] if spec.related else []
    may_change = context.may_change(spec) and spec.frozen_reason(record) is None
    role = context.role
    actions = [action for action in spec.actions
               if (role in action.roles if action.roles is not None else may_change)]
    return render_template(
        "records/detail.html", spec=spec, record=record, may_change=may_change, actions=actions,
        frozen_reason=spec.frozen_reason(record),
        children=[(SPECS[child.spec], getattr(record, child.relationship), child_add_url(spec, record, child),
                   child_columns(spec, child))
                  for child in spec.children],
        related_sections=related_sections,
    )


def _apply_errors(form, error: ValidationError) -> None:
    for attr, message in error.errors.items():
        if attr == FORM_ERROR:
            flash(str(message), "danger")
        else:
            form[attr].errors = [*form[attr].errors, str(message)]


def _form_page(spec: RecordSpec, form, record, conflict=None):
    return render_template("records/form.html", spec=spec, form=form, record=record, conflict=conflict,
                           reason_field=record is not None and spec.reason_rule is not None)


def _prefill(spec: RecordSpec, context: EntryContext) -> dict:
    """What a new record's form starts with, from its address: a field's text
    (``?report_kind=budget``, a reference by its key), or a reference by the id of the record it
    names (``?tasks.id=7``, repeatable for several), looked up in the context's scope only."""
    prefill = {f.attr: request.args[f.attr] for f in spec.form_fields if f.attr in request.args}
    for field_spec in spec.form_fields:
        ids = [int(each) for each in request.args.getlist(field_spec.attr + ID_PREFILL_SUFFIX) if each.isdigit()]
        if not ids or field_spec.kind not in (Kind.REFERENCE, Kind.MULTI_REFERENCE):
            continue
        target = SPECS[field_spec.reference]
        named = context.session.scalars(scoped_select(target, context).where(target.model.id.in_(ids[:100]))
                                        .options(*key_options(target))).all()
        keys = [reference_key(field_spec, record) for record in named]
        prefill[field_spec.attr] = keys if field_spec.kind is Kind.MULTI_REFERENCE else (keys[0] if keys else "")
    return prefill


@blueprint.route("/<spec_name>/new", methods=["GET", "POST"])
def new_record(spec_name):
    spec, context = _spec(spec_name), entry_context()
    _require_writer(spec, context)
    if (closed := _closed_period_page(spec, context)) is not None:
        return closed
    form = build_form(spec, context, data=_prefill(spec, context))
    if not form.validate_on_submit():
        return _form_page(spec, form, None)
    changes = ChangeLog(context.user_id)
    try:
        record = create_record(spec, raw_values(spec, form), Workspace(context), changes)
        write_changes(context.session, changes)
    except ValidationError as error:
        discard_changes()
        _apply_errors(form, error)
        return _form_page(spec, form, None)
    flash(_("%(record)s saved.", record=spec.label), "success")
    return redirect(url_for(".show_record", spec_name=spec.name, record_id=record.id))


@blueprint.route("/<spec_name>/<int:record_id>/edit", methods=["GET", "POST"])
def edit_record(spec_name, record_id):
    spec, context = _spec(spec_name), entry_context()
    _require_writer(spec, context)
    record = load_record(spec, context, record_id)
    if (closed := _closed_period_page(spec, context, record.id)) is not None:
        return closed
    if spec.frozen_reason(record) is not None:
        return _frozen(spec, record)
    form = build_form(spec, context, data=initial_data(spec, record, context.locale))
    if not form.validate_on_submit():
        return _form_page(spec, form, record)
    changes = ChangeLog(context.user_id)
    try:
        changed = update_record(spec, record, raw_values(spec, form), Workspace(context), changes,
                                expected_version=int(form.version.data or 0), reason=form.reason.data or "")
        write_changes(context.session, changes)
    except ValidationError as error:
        discard_changes()
        _apply_errors(form, error)
        return _form_page(spec, form, record)
    except ConflictError as error:
        discard_changes()
        record = load_record(spec, context, record_id)  # as it is saved now
        form.version.data = record.version
        return _form_page(spec, form, record, conflict=error.differences)
    flash(_("%(record)s saved.", record=spec.label) if changed else _("Nothing was changed."),
          "success" if changed else "info")
    return redirect(url_for(".show_record", spec_name=spec.name, record_id=record.id))


@blueprint.route("/<spec_name>/<int:record_id>/delete", methods=["GET", "POST"])
def delete(spec_name, record_id):
    spec, context = _spec(spec_name), entry_context()
    _require_writer(spec, context)
    record = load_record(spec, context, record_id)
    if (closed := _closed_period_page(spec, context, record.id)) is not None:
        return closed
    if spec.frozen_reason(record) is not None:
        return _frozen(spec, record)
    if request.method == "POST":  # the app-wide CSRFProtect has checked the token
        changes = ChangeLog(context.user_id)
        try:
            reason = request.form.get("reason", "")
            check_reason(reason)
            delete_record(spec, record, Workspace(context), changes, reason=reason)
            write_changes(context.session, changes)
        except ValidationError as error:
            discard_changes()
            for message in error.errors.values():
                flash(_("Not deleted: %(why)s", why=message), "danger")
            return redirect(url_for(".delete", spec_name=spec.name, record_id=record_id))
        except DependentsError:
            discard_changes()
            return redirect(url_for(".delete", spec_name=spec.name, record_id=record_id))
        flash(_("%(record)s deleted. The audit log keeps what it held.", record=spec.label), "success")
        return redirect(url_for(".list_records", spec_name=spec.name))
    return _delete_page(spec, record)


def _frozen(spec: RecordSpec, record):
    """No one may change this record any more: back to its page, saying why."""
    flash(str(spec.frozen_reason(record)), "warning")
    return redirect(url_for(".show_record", spec_name=spec.name, record_id=record.id))


def _delete_page(spec: RecordSpec, record):
    reasons = deletion_reasons(spec, record)
    return render_template("records/delete.html", spec=spec, record=record, dependents=dependents_of(spec, record),
                           held=records_held(spec, get_session(), record), owned=owned_children_count(spec, record),
                           reason_needed=bool(reasons),
                           reason_messages=list(dict.fromkeys(str(message) for _, _, message in reasons)),
                           owned_needing_reason=[(each_spec, each) for each_spec, each, _ in reasons
                                                 if each is not record])


@blueprint.route("/<spec_name>/<int:record_id>/history")
def history(spec_name, record_id):
    spec, context = _spec(spec_name), entry_context()
    record = context.session.scalar(scoped_select(spec, context).where(spec.model.id == record_id))
    if record is None and not deleted_in_scope(spec, context, record_id):
        abort(404)  # another mission's (or period's) record, or none: its history is not this page's
    entries = build_history(context.session, spec, record_id)
    return render_template("records/history.html", spec=spec, record=record, record_id=record_id, entries=entries)
