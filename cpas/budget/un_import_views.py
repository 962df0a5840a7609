"""The administrators' page for the UN's open budget data: upload a year's file, see what it
would record (or every problem that refuses it), then confirm. The command line does the same:
``flask --app app cpas un-budget-import FILE.json``."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import HiddenField

from cpas.auth.permissions import roles_required
from cpas.budget.un_open_data import MAX_FILE_BYTES, UnFileError, import_un_budget
from cpas.db import discard_changes, end_preview, get_session, rolled_back
from cpas.models import BudgetPeriod, Mission, Role
from cpas.reports.cache import data_version
from cpas.workbook.uploads import claim_upload, find_upload, keep_upload, no_longer_kept

blueprint = Blueprint("un_budget", __name__, url_prefix="/admin/un-budget")


class UploadForm(FlaskForm):
    budget_file = FileField(validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    token = HiddenField()
    # The data as the preview saw it: a confirmation after any other change is previewed again.
    previewed_after = HiddenField()


def _data_version(db) -> str:
    """What changes whenever the data does (the report cache's own marker), as the form carries it."""
    return repr(data_version(db))


def _page(form=None, status=200, **shown):
    return render_template("budget/un_import.html", form=form or UploadForm(), max_megabytes=MAX_FILE_BYTES // 2**20,
                           **shown), status


def _preview(db, data: bytes):
    """What the file would record, read by the import itself and then rolled back."""
    try:
        with rolled_back(db):
            result = import_un_budget(db, data, current_user.id)
    except UnFileError as refused:
        return None, refused.problems
    finally:
        end_preview()
    return result, []


@blueprint.route("/")
@login_required
@roles_required(Role.ADMIN)
def index():
    return _page()


@blueprint.route("/check", methods=["POST"])
@login_required
@roles_required(Role.ADMIN)
def check():
    form = UploadForm()
    if not form.validate_on_submit():
        form.budget_file.errors = [_("Choose a .json file to upload.")]
        return _page(form, status=400)
    db, upload = get_session(), form.budget_file.data
    data = upload.read(MAX_FILE_BYTES + 1)
    result, problems = _preview(db, data)
    confirm_form = None
    if result is not None:
        confirm_form = ConfirmForm(token=keep_upload(db, current_user, upload.filename or "budget.json", data),
                                   previewed_after=_data_version(db))
    return _page(result=result, problems=problems, confirm_form=confirm_form, file_name=upload.filename,
                 status=200 if result is not None else 422)


@blueprint.route("/confirm", methods=["POST"])
@login_required
@roles_required(Role.ADMIN)
def confirm():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    pending = find_upload(db, current_user, form.token.data or "")
    if pending is None:
        flash(str(no_longer_kept()), "warning")
        return redirect(url_for(".index"))
    if form.previewed_after.data != _data_version(db):
        flash(_("The data changed since this preview: here is what the file would record now."), "warning")
        result, problems = _preview(db, pending.data)
        confirm_form = ConfirmForm(token=form.token.data, previewed_after=_data_version(db)) if result else None
        return _page(result=result, problems=problems, confirm_form=confirm_form, file_name=pending.file_name)
    if not claim_upload(db, pending):
        flash(_("That file has already been imported. Nothing was imported twice."), "info")
        return redirect(url_for(".index"))
    try:
        result = import_un_budget(db, pending.data, current_user.id)
    except UnFileError as refused:
        discard_changes()
        flash(_("Nothing was imported: the file has problems."), "danger")
        return _page(problems=refused.problems, file_name=pending.file_name, status=422)
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == result.fiscal_year))
    missions = db.scalars(select(Mission).where(Mission.code.in_(result.missions)).order_by(Mission.code)).all()
    if result.changed_anything:
        flash(_("Imported %(year)s: %(created)s figures recorded, %(changed)s revised, %(unchanged)s unchanged.",
                year=result.fiscal_year, created=result.amounts_created, changed=result.amounts_changed,
                unchanged=result.amounts_unchanged), "success")
    else:
        flash(_("Nothing changed: every figure of %(year)s is recorded as the file gives it.",
                year=result.fiscal_year), "info")
    return _page(imported=result, period=period, missions=missions)
