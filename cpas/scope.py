"""Pages about one mission and budget period live under ``/m/<MISSION>/<2019-20>/``.

The mission and period are loaded once per request into ``g`` (404 when unknown) and filled
into ``url_for`` automatically, so views and templates never pass them around by hand. A mission
the signed-in user holds no role in is unknown to them too (404, as for a mission that does not
exist: its code says nothing of whether it is there); a visitor not signed in is sent to log in
before anything of the mission is looked up.
"""

from flask import Blueprint, abort, current_app, g, session
from flask_login import current_user
from sqlalchemy import select

from cpas.db import get_session
from cpas.models import BudgetPeriod, Mission

SCOPE_PREFIX = "/m/<mission_code>/<period_slug>"


def scoped_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix=SCOPE_PREFIX + url_prefix)
    blueprint.url_value_preprocessor(_load_scope)
    blueprint.url_defaults(_add_scope)
    return blueprint


def _load_scope(_endpoint, values):
    db = get_session()
    mission_code = values.pop("mission_code")
    period_label = BudgetPeriod.label_from_slug(values.pop("period_slug"))
    if not current_user.is_authenticated:
        return  # the login check that follows sends them to log in
    mission = db.scalar(select(Mission).where(Mission.code == mission_code))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == period_label))
    if mission is None or period is None or current_user.role_in(mission) is None:
        abort(404)
    g.mission, g.period = mission, period
    session["scope"] = [g.mission.code, g.period.slug]


def _add_scope(endpoint, values):
    if "mission" not in g or "mission_code" in values:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "mission_code"):
        values["mission_code"] = g.mission.code
        values["period_slug"] = g.period.slug
