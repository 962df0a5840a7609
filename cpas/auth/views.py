from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cpas.auth.forms import (
    AccountForm,
    LoginForm,
    NewAccountForm,
    PasswordChangeForm,
    TemporaryPasswordForm,
    with_missions,
)
from cpas.auth.permissions import roles_required
from cpas.auth.services import (
    AccountConflict,
    AccountError,
    account_history,
    authenticate,
    change_own_password,
    create_account,
    end_login_sessions,
    forget_failed_logins,
    login_wait_minutes,
    open_login_sessions,
    record_failed_login,
    set_temporary_password,
    start_login_session,
    update_account,
)
from cpas.db import discard_changes, get_session, record_refusal
from cpas.models import Mission, MissionRole, Role, User

blueprint = Blueprint("auth", __name__)

# What an account that must change its password may still reach.
ENDPOINTS_BEFORE_A_NEW_PASSWORD = {"auth.change_password", "auth.logout", "static", "bootstrap.static",
                                   "core.healthz"}


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never send a user who just logged in to another site.
    Browsers read a backslash as a slash, so ``/\\host`` is another site too."""
    if target and target.startswith("/") and "\\" not in target and not target.startswith("//") \
            and target.isprintable() and not urlsplit(target).netloc:
        return target
    return url_for("missions.index")


def require_new_password():
    """An account with a temporary password chooses its own before anything else."""
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in ENDPOINTS_BEFORE_A_NEW_PASSWORD):
        flash(_("Choose your own password before you go on: yours is a temporary one."), "info")
        return redirect(url_for("auth.change_password"))
    return None


blueprint.before_app_request(require_new_password)


def _start_session(user: User, remember: bool) -> None:
    """A fresh session for the user: nothing of the previous one (its CSRF token included) carries
    over, except the language chosen."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    start_login_session(get_session(), user)
    login_user(user, remember=remember)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("missions.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        db, address = get_session(), request.remote_addr or ""
        wait = login_wait_minutes(db, form.login.data, address)
        if wait is not None:
            flash(ngettext("Too many failed logins: wait %(num)d minute, then try again.",
                           "Too many failed logins: wait %(num)d minutes, then try again.", wait), "danger")
            return render_template("auth/login.html", form=form), 429
        user = authenticate(db, form.login.data, form.password.data)
        if user is not None:
            forget_failed_logins(db, user.login)
            _start_session(user, form.remember.data)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
        # One message whichever part was wrong: no hint whether the login exists.
        flash(_("Invalid login or password."), "danger")
        record_failed_login(db, form.login.data, address)
        record_refusal()
        status = 401
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_login_sessions(get_session(), current_user)  # every browser of the account, as asked by users
    logout_user()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_own_password(get_session(), current_user, form.current_password.data, form.password.data)
        except AccountError as error:
            discard_changes()
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("Your password is changed. Your other sessions have ended."), "success")
            return redirect(url_for("missions.index"))
    return render_template("auth/password.html", form=form, forced=current_user.must_change_password)


@blueprint.route("/admin/users")
@roles_required(Role.ADMIN)
def users():
    db = get_session()
    per_page = current_app.config["ROWS_PER_PAGE"]
    total = db.scalar(select(func.count()).select_from(User))
    pages = max(1, -(-total // per_page))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    accounts = db.scalars(select(User).options(selectinload(User.mission_roles).selectinload(MissionRole.mission))
                          .order_by(User.is_active.desc(), User.login)
                          .limit(per_page).offset((page - 1) * per_page)).all()
    return render_template("auth/users.html", accounts=accounts, page=page, pages=pages, total=total)


def _missions() -> list[Mission]:
    return get_session().scalars(select(Mission).order_by(Mission.code)).all()


@blueprint.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_account():
    form = with_missions(NewAccountForm, _missions())
    if form.validate_on_submit():
        try:
            account = create_account(get_session(), form.login.data, form.display_name.data,
                                     form.role_held_everywhere(), form.password.data, acting_user=current_user,
                                     mission_roles=form.mission_roles())
        except AccountError as error:
            discard_changes()
            (getattr(form, error.field).errors if error.field else form.form_errors).append(error.message)
        else:
            flash(_("Account %(login)s created. Give the person their temporary password: they must "
                    "change it at their first login.", login=account.login), "success")
            return redirect(url_for(".account", account_id=account.id))
    return render_template("auth/new_account.html", form=form)


def _account_page(account: User, form: AccountForm, password_form: TemporaryPasswordForm, *,
                  conflict=None, status: int = 200):
    return render_template("auth/account.html", account=account, form=form, password_form=password_form,
                           conflict=conflict, history=account_history(get_session(), account),
                           open_sessions=open_login_sessions(get_session(), account)), status


def _account_or_404(account_id: int) -> User:
    account = get_session().get(User, account_id)
    if account is None:
        abort(404)
    return account


@blueprint.route("/admin/users/<int:account_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def account(account_id):
    account = _account_or_404(account_id)
    form = with_missions(AccountForm, _missions(), obj=account if request.method == "GET" else None)
    if request.method == "GET":
        form.show_account(account)
    if form.validate_on_submit():
        try:
            changed = update_account(get_session(), account, display_name=form.display_name.data or "",
                                     role=form.role_held_everywhere(), is_active=form.is_active.data,
                                     mission_roles=form.mission_roles(), acting_user=current_user,
                                     expected_version=form.version.data)
        except AccountConflict as conflict:
            discard_changes()
            form.version.data = account.version
            return _account_page(account, form, TemporaryPasswordForm(), conflict=conflict.differences, status=409)
        except AccountError as error:
            discard_changes()
            (getattr(form, error.field).errors if error.field else form.form_errors).append(error.message)
        else:
            flash(_("Account %(login)s saved.", login=account.login) if changed else _("Nothing to save: no change."),
                  "success" if changed else "info")
            return redirect(url_for(".account", account_id=account.id))
    return _account_page(account, form, TemporaryPasswordForm(), status=400 if form.errors else 200)


@blueprint.route("/admin/users/<int:account_id>/password", methods=["POST"])
@roles_required(Role.ADMIN)
def temporary_password(account_id):
    account = _account_or_404(account_id)
    password_form = TemporaryPasswordForm()
    if password_form.validate_on_submit():
        try:
            set_temporary_password(get_session(), account, password_form.temporary_password.data,
                                   acting_user=current_user)
        except AccountError as error:
            discard_changes()
            password_form.temporary_password.errors.append(error.message)
        else:
            flash(_("Temporary password set for %(login)s; their open sessions have ended. They must choose "
                    "their own password at their next login.", login=account.login), "success")
            return redirect(url_for(".account", account_id=account.id))
    form = with_missions(AccountForm, _missions(), obj=account)
    form.show_account(account)
    return _account_page(account, form, password_form, status=400)
