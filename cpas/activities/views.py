"""The activities pages: the list is the data entry list of activities; the old address of the
read-only page leads there, so bookmarks keep working."""

from flask import redirect, url_for

from cpas.activities.specs import ACTIVITIES
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("activities", __name__, "/activities")


@blueprint.route("/")
def index():
    return redirect(url_for("records.list_records", spec_name=ACTIVITIES.name), code=301)
