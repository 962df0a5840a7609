"""CPAS results: intended outcomes and their impact indicators."""

from flask import g, render_template

from cpas.db import get_session
from cpas.results.queries import outcomes_with_indicators
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("results", __name__, "/results")


@blueprint.route("/")
def index():
    return render_template("results/index.html", outcomes=outcomes_with_indicators(get_session(), g.mission.id))
