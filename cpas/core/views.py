"""App-wide pages: health check and error pages."""

from flask import Blueprint, render_template
from sqlalchemy import text

from cpas.db import get_session

blueprint = Blueprint("core", __name__)


@blueprint.route("/healthz")
def healthz():
    """For load balancers and monitors: the app answers and its database does."""
    get_session().execute(text("SELECT 1"))
    return {"status": "ok"}


@blueprint.app_errorhandler(403)
def forbidden(_error):
    return render_template("errors/403.html"), 403


@blueprint.app_errorhandler(404)
def not_found(_error):
    return render_template("errors/404.html"), 404


@blueprint.app_errorhandler(413)
def too_large(_error):
    return render_template("errors/413.html"), 413
