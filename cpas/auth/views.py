from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from cpas.auth.forms import LoginForm
from cpas.auth.permissions import roles_required
from cpas.auth.services import authenticate
from cpas.db import get_session
from cpas.models import Role, User

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never send a user who just logged in to another site.
    Browsers read a backslash as a slash, so ``/\\host`` is another site too."""
    if target and target.startswith("/") and "\\" not in target and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("missions.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("missions.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(get_session(), form.login.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        # One message whichever part was wrong: no hint whether the login exists.
        flash(_("Invalid login or password."), "danger")
        status = 401
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/admin/users")
@roles_required(Role.ADMIN)
def users():
    accounts = get_session().scalars(select(User).order_by(User.login)).all()
    return render_template("auth/users.html", accounts=accounts)
