"""App-wide pages: health check and error pages."""

from flask import Blueprint, render_template
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from cpas.db import discard_changes, get_session

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


def _database_is_busy(error: Exception) -> bool:
    """SQLite's answer when another worker held the write lock past the busy timeout."""
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


@blueprint.app_errorhandler(500)
def server_error(error):
    """Two saves that met in the database (the same new record created twice, a record changed
    by someone else at the same moment) and a database busy with another write are told as such,
    with what to do; nothing of the request was saved."""
    discard_changes()  # the page below may read the database again
    cause = getattr(error, "original_exception", None)
    if isinstance(cause, (IntegrityError, StaleDataError)):
        return render_template("errors/conflict.html"), 409
    if cause is not None and _database_is_busy(cause):
        return render_template("errors/busy.html"), 503, {"Retry-After": "5"}
    return render_template("errors/500.html"), 500
