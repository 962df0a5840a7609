"""Activities of the mission in the period."""

from flask import current_app, g, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cpas.db import get_session
from cpas.models import Activity
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("activities", __name__, "/activities")


@blueprint.route("/")
def index():
    db = get_session()
    per_page = current_app.config["ROWS_PER_PAGE"]
    page = max(request.args.get("page", 1, type=int), 1)
    in_scope = (Activity.mission_id == g.mission.id, Activity.period_id == g.period.id)
    total = db.scalar(select(func.count(Activity.id)).where(*in_scope))
    activities = db.scalars(
        select(Activity)
        .where(*in_scope)
        .order_by(Activity.starts_on, Activity.title)
        .options(selectinload(Activity.tasks), selectinload(Activity.component))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    pages = max((total + per_page - 1) // per_page, 1)
    return render_template("activities/index.html", activities=activities, page=page, pages=pages, total=total)
