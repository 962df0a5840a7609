"""The mission chooser and each mission's home page for a period."""

from datetime import date

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from cpas.assessments.rounds import round_as_of, round_indicators
from cpas.assessments.specs import IMPACT_ASSESSMENTS
from cpas.auth.permissions import landing_endpoint, roles_required
from cpas.charts import figure_json, number_separators
from cpas.db import discard_changes, get_session
from cpas.entry.errors import ValidationError
from cpas.entry.views import entry_context
from cpas.formatting import format_count
from cpas.labels import label
from cpas.missions.my_work import awaiting_work
from cpas.missions.overview import STATUSES, build_indicator_overview
from cpas.missions.overview_charts import status_figure
from cpas.missions.queries import home_counts, missions_with_periods, outcome_rows
from cpas.missions.services import close_period, reopen_period
from cpas.models import PeriodLock, Role
from cpas.reports.app_settings import kept_report, report_settings
from cpas.reports.assembly import financial_report
from cpas.results.specs import DATA_POINTS
from cpas.scope import scoped_blueprint

blueprint = Blueprint("missions", __name__)
scoped = scoped_blueprint("home", __name__)


@blueprint.route("/")
def index():
    """Straight to the mission and period last viewed, or to the latest period of the only
    mission; else the list to choose from."""
    choices = missions_with_periods(get_session(), current_user)
    last = session.get("scope")
    known = {(mission.code, period.slug): mission for mission, periods in choices for period in periods}
    if last and tuple(last) in known:
        mission = known[tuple(last)]
        return redirect(url_for(landing_endpoint(current_user.role_in(mission)), mission_code=last[0],
                                period_slug=last[1]))
    if len(choices) == 1 and choices[0][1]:
        mission, periods = choices[0]
        return redirect(url_for(landing_endpoint(current_user.role_in(mission)), mission_code=mission.code,
                                period_slug=periods[0].slug))
    return render_template("missions/index.html", choices=choices)


@blueprint.route("/missions")
def choose():
    return render_template("missions/index.html", choices=missions_with_periods(get_session(), current_user))


@scoped.route("/")
def overview():
    """The mission's period at a glance: the budget's totals, the plan's counts and its impact
    indicators by status (as the assessment round judges them, from their last values read in
    SQL): one chart of the outcomes that most need attention, with its table view, and the first
    indicators off track; never one chart or one row per indicator."""
    db = get_session()
    budget = financial_report(db, g.mission, g.period, report_settings())
    today, tolerance = date.today(), current_app.config["CPAS_TOLERANCE_PERCENT"]
    # Judging every indicator is most of the page's time at scale: kept while the data is unchanged.
    judged = kept_report(("overview indicators", g.mission.id, g.period.id, today, tolerance),
                         lambda: round_indicators(db, g.mission, g.period, today, tolerance))
    indicators = build_indicator_overview(outcome_rows(db, g.mission.id), judged)
    labels = {band: label(band) for band in STATUSES}
    figure = status_figure(indicators.charted, labels, format_count, number_separators(get_locale()),
                           _("Impact indicators"))
    return render_template(
        "missions/home.html",
        headline=budget.headline,
        headline_sentences=budget.headline_sentences,
        counts=home_counts(db, g.mission, g.period),
        indicators=indicators,
        statuses=STATUSES,
        status_labels=labels,
        figure=figure_json(figure) if figure is not None else None,
        as_of=round_as_of(g.period, date.today()),
        lock=PeriodLock.find(db, g.mission, g.period),
    )


@scoped.route("/my-work")
def my_work():
    """The planning officer's landing page: what awaits the signed-in user, each item with a link
    to the form or page that closes it."""
    work = awaiting_work(get_session(), g.mission, g.period, current_user, report_settings(), date.today(),
                   current_app.config["CPAS_TOLERANCE_PERCENT"])
    context = entry_context()
    return render_template("missions/my_work.html", work=work,
                           may_edit_assessments=context.may_change(IMPACT_ASSESSMENTS),
                           may_enter_values=context.may_change(DATA_POINTS))


@scoped.route("/period/<action>", methods=["POST"])
@roles_required(Role.ADMIN)
def change_lock(action):
    db = get_session()
    change = {"close": close_period, "reopen": reopen_period}.get(action)
    if change is None:
        return redirect(url_for(".overview"))
    try:
        change(db, g.mission, g.period, current_user, request.form.get("reason", ""))
    except ValidationError as error:
        discard_changes()
        for message in error.errors.values():
            flash(str(message), "warning")
        return redirect(url_for(".overview"))
    flash(_("Budget period %(period)s is now closed.", period=g.period.label) if action == "close"
          else _("Budget period %(period)s is open again.", period=g.period.label), "success")
    return redirect(url_for(".overview"))
