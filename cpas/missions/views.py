"""The mission chooser and each mission's home page for a period."""

from flask import Blueprint, g, redirect, render_template, session, url_for

from cpas.db import get_session
from cpas.missions.queries import home_counts, missions_with_periods
from cpas.reports.budget_summary import build_budget_headline
from cpas.reports.queries import budget_totals_by_stage
from cpas.results.queries import outcomes_with_indicators
from cpas.scope import scoped_blueprint

blueprint = Blueprint("missions", __name__)
scoped = scoped_blueprint("home", __name__)


@blueprint.route("/")
def index():
    """Straight to the mission and period last viewed, or to the latest period of the only
    mission; else the list to choose from."""
    choices = missions_with_periods(get_session())
    last = session.get("scope")
    known = {(mission.code, period.slug) for mission, periods in choices for period in periods}
    if last and tuple(last) in known:
        return redirect(url_for("home.overview", mission_code=last[0], period_slug=last[1]))
    if len(choices) == 1 and choices[0][1]:
        mission, periods = choices[0]
        return redirect(url_for("home.overview", mission_code=mission.code, period_slug=periods[0].slug))
    return render_template("missions/index.html", choices=choices)


@blueprint.route("/missions")
def choose():
    return render_template("missions/index.html", choices=missions_with_periods(get_session()))


@scoped.route("/")
def overview():
    db = get_session()
    headline = build_budget_headline(budget_totals_by_stage(db, g.mission.id, g.period.id))
    return render_template(
        "missions/home.html",
        headline=headline,
        counts=home_counts(db, g.mission, g.period),
        outcomes=outcomes_with_indicators(db, g.mission.id),
    )
