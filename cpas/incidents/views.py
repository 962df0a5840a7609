"""The incident data page: the mission's imports, and an upload with a preview and a confirmation."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from cpas.auth.permissions import EDITORS, roles_required
from cpas.db import discard_changes, get_session
from cpas.formatting import format_count
from cpas.incidents.queries import incident_count, latest_import, recent_imports
from cpas.incidents.services import import_incidents
from cpas.scope import scoped_blueprint
from cpas.workbook.uploads import (
    claim_upload,
    discard_upload_named,
    find_upload,
    keep_upload,
    no_longer_kept,
)

blueprint = scoped_blueprint("incidents", __name__, "/incidents")
IMPORTS_LISTED = 20


class UploadForm(FlaskForm):
    incidents = FileField(validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    token = HiddenField()
    # The last import the preview was made after: a confirmation made after someone else's
    # import is refused, since its counts are no longer what the file would do.
    previewed_after = HiddenField()


def _latest_import_id(db) -> str:
    latest = latest_import(db, g.mission)
    return str(latest.id) if latest else ""


def _page(db, form=None, status=200, **preview):
    imports = recent_imports(db, g.mission, IMPORTS_LISTED)
    return render_template("incidents/index.html", form=form or UploadForm(), imports=imports,
                           incident_count=incident_count(db, g.mission), **preview), status


@blueprint.route("/")
def index():
    return _page(get_session())


@blueprint.route("/upload", methods=["POST"])
@roles_required(*EDITORS)
def upload():
    form = UploadForm()
    if not form.validate_on_submit():  # no file chosen: say so next to the field, not a bare reload
        form.incidents.errors = [_("Choose a .csv file to upload.")]
        return _page(get_session(), form, status=400)
    db, data, file_name = get_session(), form.incidents.data.read(), form.incidents.data.filename or ""
    result = import_incidents(db, g.mission, data, file_name=file_name, user=current_user, apply=False)
    confirm_form = None
    if result.ok:
        confirm_form = ConfirmForm(token=keep_upload(db, current_user, file_name, data),
                                   previewed_after=_latest_import_id(db))
    return _page(db, result=result, confirm_form=confirm_form)


@blueprint.route("/confirm", methods=["POST"])
@roles_required(*EDITORS)
def confirm():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    pending = find_upload(db, current_user, form.token.data or "")
    if pending is None:
        flash(str(no_longer_kept()), "warning")
        return redirect(url_for(".index"))
    if form.previewed_after.data != _latest_import_id(db):
        flash(_("Another incident file was imported since this preview: here is what the file would do now."),
              "warning")
        result = import_incidents(db, g.mission, pending.data, file_name=pending.file_name, user=current_user,
                                  apply=False)
        return _page(db, result=result, confirm_form=ConfirmForm(token=form.token.data,
                                                                 previewed_after=_latest_import_id(db)))
    if not claim_upload(db, pending):
        flash(_("That upload has already been imported: its events are saved. Nothing was imported twice."), "info")
        return redirect(url_for(".index"))
    result = import_incidents(db, g.mission, pending.data, file_name=pending.file_name, user=current_user,
                              apply=True)
    if not result.applied:
        discard_changes()
        flash(_("Nothing was imported: the file has problems."), "danger")
        return _page(db, result=result, confirm_form=None)
    flash(ngettext("Imported %(count)s event: %(created)s new, %(updated)s revised, %(unchanged)s unchanged.",
                   "Imported %(count)s events: %(created)s new, %(updated)s revised, %(unchanged)s unchanged.",
                   result.rows, count=format_count(result.rows), created=format_count(result.created),
                   updated=format_count(result.updated), unchanged=format_count(result.unchanged)), "success")
    return redirect(url_for(".index"))


@blueprint.route("/discard", methods=["POST"])
@roles_required(*EDITORS)
def discard():
    """The preview's Cancel: the upload is not kept any longer."""
    form = ConfirmForm()
    if form.validate_on_submit():
        discard_upload_named(get_session(), current_user, form.token.data or "")
    return redirect(url_for(".index"))
