"""The mandate: resolutions in force for the period and their tasks."""

from flask import g, render_template
from sqlalchemy.orm import selectinload

from cpas.db import get_session
from cpas.mandates.queries import mandates_in_force, period_activities
from cpas.models import Mandate
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("mandates", __name__, "/mandate")


@blueprint.route("/")
def index():
    db = get_session()
    statement = (
        mandates_in_force(g.mission, g.period)
        .order_by(Mandate.adopted_on.desc())
        .options(selectinload(Mandate.tasks).selectinload(period_activities(g.period)))
    )
    return render_template("mandates/index.html", mandates=db.scalars(statement).all())
