"""Pages about one mission and budget period live under ``/m/<MISSION>/<2019-20>/``.

The mission and period are loaded once per request into ``g`` (404 when unknown) and filled
into ``url_for`` automatically, so views and templates never pass them around by hand.
"""

from flask import Blueprint, abort, current_app, g, session
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
    mission = db.scalar(select(Mission).where(Mission.code == mission_code))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == period_label))
    if mission is None or period is None:
        abort(404)
    g.mission, g.period = mission, period
    session["scope"] = [g.mission.code, g.period.slug]


def _add_scope(endpoint, values):
    if "mission" not in g or "mission_code" in values:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "mission_code"):
        values["mission_code"] = g.mission.code
        values["period_slug"] = g.period.slug
