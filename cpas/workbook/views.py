"""The Excel data workbook page: download (filled or empty), upload with a preview, confirm."""

from io import BytesIO

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from cpas.auth.permissions import EDITORS, roles_required
from cpas.db import discard_changes, end_preview, get_session
from cpas.entry.context import EntryContext
from cpas.exports.xlsx import XLSX_MIME_TYPE
from cpas.formatting import format_count
from cpas.scope import scoped_blueprint
from cpas.workbook.export import TooManyRecords, build_data_workbook
from cpas.workbook.importer import import_workbook
from cpas.workbook.marking import mark_problems
from cpas.workbook.selection import (
    MAX_RECORDS_PER_SHEET,
    SelectionError,
    count_selected,
    default_selection,
    selection_from,
)
from cpas.workbook.uploads import (
    claim_upload,
    discard_upload_named,
    find_upload,
    keep_upload,
    no_longer_kept,
)

blueprint = scoped_blueprint("workbook", __name__, "/workbook")


class UploadForm(FlaskForm):
    workbook = FileField(validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    token = HiddenField()


def _file_name(suffix: str) -> str:
    return f"{g.mission.code}-{g.period.slug}-{suffix}.xlsx"


def _context() -> EntryContext:
    return EntryContext(get_session(), g.mission, g.period, current_user)


def _may_upload(context: EntryContext) -> bool:
    """Whether the user may import a workbook here: an editor's role, and (but for administrators)
    an open period, since the workbook is the period's figures."""
    return context.role in EDITORS and (context.is_admin or not context.period_locked)


def _page(context: EntryContext, form=None, status=200, selection=None, selection_error=None, **preview):
    """The page; its download form shows ``selection`` (default: the data points the workbook
    holds unless others are chosen) and how many data points it holds."""
    selection = selection or default_selection(context)
    page = render_template("workbook/index.html", form=form or UploadForm(), period_lock=context.period_lock,
                           may_upload=_may_upload(context), may_write=context.role in EDITORS,
                           selection=selection, selection_error=selection_error,
                           selected_count=None if selection_error else count_selected(context, selection),
                           max_rows=MAX_RECORDS_PER_SHEET,
                           regions=context.mission.region_list, **{"result": None, **preview})
    return page, status


def _refuse_if_closed(context: EntryContext) -> None:
    if not _may_upload(context):
        abort(403)


@blueprint.route("/")
def index():
    return _page(_context())


@blueprint.route("/download")
def download():
    """The workbook, filled (its data points chosen by ``from``, ``to``, ``indicator`` and
    ``region``, the period's latest that fit by default) or empty with ``template=1``. A choice
    that cannot be made, or that a sheet cannot hold, is the page again with its message."""
    context = _context()
    empty = request.args.get("template") == "1"
    selection = None
    if not empty and any(request.args.get(name) for name in ("from", "to", "indicator", "region")):
        try:
            selection = selection_from(request.args, context)
        except SelectionError as error:
            return _page(context, status=400, selection_error=str(error))
    try:
        data = build_data_workbook(context, empty=empty, selection=selection)
    except TooManyRecords as refused:
        return _page(context, status=400, selection=selection, selection_error=str(refused.message))
    return send_file(BytesIO(data), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=_file_name("template" if empty else "data"))


@blueprint.route("/upload", methods=["POST"])
@roles_required(*EDITORS)
def upload():
    context = _context()
    _refuse_if_closed(context)
    form = UploadForm()
    if not form.validate_on_submit():  # no file chosen: say so next to the field, not a bare reload
        form.workbook.errors = [_("Choose an .xlsx file to upload.")]
        return _page(context, form, status=400)
    db, data = get_session(), form.workbook.data.read()
    result = import_workbook(db, data, current_user, apply=False)  # checks, keeps nothing
    end_preview()
    if not result.well_formed:  # not a data workbook: nothing to confirm, nothing kept
        return _page(context, result=result, token=None, confirm_form=None, scope_matches=True)
    token = keep_upload(db, current_user, form.workbook.data.filename or "", data)
    scope_matches = (result.mission_code, result.period_label) == (g.mission.code, g.period.label)
    return _page(context, result=result, token=token, confirm_form=ConfirmForm(token=token),
                 scope_matches=scope_matches)


def _already_imported():
    flash(_("That upload has already been imported: its changes are saved. Nothing was imported twice."), "info")
    return redirect(url_for(".index"))


@blueprint.route("/confirm", methods=["POST"])
@roles_required(*EDITORS)
def confirm():
    context = _context()
    _refuse_if_closed(context)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    pending = find_upload(db, current_user, form.token.data or "")
    if pending is None:
        flash(str(no_longer_kept()), "warning")
        return redirect(url_for(".index"))
    result = import_workbook(db, pending.data, current_user, apply=True, claim=lambda: claim_upload(db, pending))
    if not result.claimed:
        discard_changes()
        return _already_imported()
    if not result.applied:
        discard_changes()
        if find_upload(db, current_user, form.token.data or "") is None:
            # Another confirmation of the same upload was saved while this one checked the rows:
            # its new records are what this one found "existing already".
            return _already_imported()
        flash(_("Nothing was imported: the workbook has problems."), "danger")
        return _page(context, result=result, token=form.token.data, confirm_form=None, scope_matches=True)
    created = sum(c.created for c in result.counts.values())
    updated = sum(c.updated for c in result.counts.values())
    created_text = ngettext("%(count)s record created", "%(count)s records created", created,
                            count=format_count(created))
    updated_text = ngettext("%(count)s changed", "%(count)s changed", updated, count=format_count(updated))
    flash(_("Imported: %(created)s, %(updated)s.", created=created_text, updated=updated_text), "success")
    return redirect(url_for(".index"))


@blueprint.route("/discard", methods=["POST"])
@roles_required(*EDITORS)
def discard():
    """The preview's Cancel: the upload is not kept any longer."""
    form = ConfirmForm()
    if form.validate_on_submit():
        discard_upload_named(get_session(), current_user, form.token.data or "")
    return redirect(url_for(".index"))


@blueprint.route("/marked/<token>")
@roles_required(*EDITORS)
def marked(token):
    db = get_session()
    pending = find_upload(db, current_user, token)
    if pending is None:
        abort(404)
    result = import_workbook(db, pending.data, current_user, apply=False)
    return send_file(BytesIO(mark_problems(pending.data, result.problems)), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=_file_name("problems"))
