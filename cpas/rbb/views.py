"""The RBB framework: components, expected accomplishments, indicators and outputs."""

from flask import g, render_template

from cpas.db import get_session
from cpas.models import IndicatorValueKind, PostGrade
from cpas.rbb.queries import framework, periods_before
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("rbb", __name__, "/rbb")


@blueprint.route("/")
def index():
    db = get_session()
    previous = periods_before(db, g.period, 2)
    # The budget report's three figures: actual of period −2, estimate of −1, target of this one.
    value_columns = [
        (previous[1] if len(previous) > 1 else None, IndicatorValueKind.ACTUAL),
        (previous[0] if previous else None, IndicatorValueKind.ESTIMATE),
        (g.period, IndicatorValueKind.TARGET),
    ]
    return render_template(
        "rbb/index.html",
        components=framework(db, g.mission.id, g.period.id),
        value_columns=value_columns,
        grades=list(PostGrade),
    )
