"""CPAS results: the outcomes page, and an impact indicator's values for every region and date
entered on one page and saved all or nothing."""

from datetime import date

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cpas.db import discard_changes, get_session
from cpas.entry.errors import ValidationError
from cpas.entry.fields import FieldError
from cpas.entry.grid import (
    SHOWN_INPUT,
    GridConflictError,
    apply_changes,
    outdated_page_error,
    read_shown_cells,
    shown_cells_json,
)
from cpas.entry.views import entry_context, load_record
from cpas.formatting import PageFormats
from cpas.models import RecommendationStatus
from cpas.reports.app_settings import READERS_LANGUAGE
from cpas.reports.assessment import attribution_rule
from cpas.results.progress import suggested_rating_code
from cpas.results.queries import assessments_by_outcome, outcome_tasks, outcomes_with_indicators
from cpas.results.services import (
    approved_money_by_outcome,
    dates_text,
    grid_after_conflict,
    indicator_changes,
    parse_new_date,
    progress_by_indicator,
    read_dates,
    shown_values,
    values_grid,
)
from cpas.results.specs import DATA_POINTS, IMPACT_INDICATORS
from cpas.scope import scoped_blueprint

blueprint = scoped_blueprint("results", __name__, "/results")
OPEN_RECOMMENDATIONS = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
OUTCOMES_PER_PAGE = 10
# How many of an outcome's activities the page names, the largest shares first; the assessment
# report's resources (page and workbook) list them all.
ACTIVITIES_LISTED = 10
# The grid keeps the address it has always had.
grid_blueprint = scoped_blueprint("indicator_grid", __name__, "/grids/impact-indicators")


@blueprint.route("/")
def index():
    session = get_session()
    tasks = outcome_tasks(session, g.mission.id)
    pages = max(-(-len(tasks) // OUTCOMES_PER_PAGE), 1)
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    shown = list(tasks)[(page - 1) * OUTCOMES_PER_PAGE:page * OUTCOMES_PER_PAGE]
    outcomes = outcomes_with_indicators(session, g.mission.id, with_data_points=False, outcome_ids=shown)
    as_of = min(date.today(), g.period.ends_on)  # the period being assessed, as far as it has run
    progress = progress_by_indicator(session, outcomes, as_of, current_app.config["CPAS_TOLERANCE_PERCENT"])
    suggested = {indicator_id: suggested_rating_code(each) for indicator_id, each in progress.items()}
    # A task's money is divided among all its outcomes, the page's or not; only the page's are itemised.
    money = approved_money_by_outcome(session, g.mission.id, g.period.id, tasks, itemised=shown)
    return render_template("results/index.html", outcomes=outcomes, progress=progress, suggested=suggested,
                           as_of=as_of, assessments=assessments_by_outcome(session, g.mission.id, shown),
                           open_statuses=OPEN_RECOMMENDATIONS, page=page, pages=pages, money=money,
                           outcome_total=len(tasks),
                           activities_listed=ACTIVITIES_LISTED, fmt=PageFormats(),
                           attribution_rule=attribution_rule(READERS_LANGUAGE))


@grid_blueprint.route("/<int:indicator_id>", methods=["GET", "POST"])
def values(indicator_id):
    context = entry_context()
    indicator = load_record(IMPACT_INDICATORS, context, indicator_id)
    may_write, may_change = context.may_write(DATA_POINTS), context.may_change(DATA_POINTS)
    grid, errors, conflicts = values_grid(indicator, g.mission.region_list, context.locale), {}, []
    shown = shown_values(indicator, grid)
    new_date_text, source = request.form.get("new_date", "").strip(), request.form.get("source", "").strip()
    if request.method == "POST":
        if not may_change:  # a reader's role, or a closed period: nothing to save
            abort(403)
        try:
            new_date = parse_new_date(new_date_text)
        except FieldError as error:
            errors["new_date"], new_date = error.message, None
        sent, shown_dates = read_shown_cells(request.form.get(SHOWN_INPUT)), read_dates(request.form.get("dates"))
        typed = grid.typed(request.form, new_date, shown_dates)
        if not errors:
            try:
                if sent is None or shown_dates is None:
                    raise outdated_page_error()
                apply_changes(context, indicator_changes(indicator, typed, source, sent, request.form))
            except GridConflictError as error:
                discard_changes()
                conflicts = error.conflicts
                indicator = load_record(IMPACT_INDICATORS, context, indicator_id)  # as saved now
                saved = values_grid(indicator, g.mission.region_list, context.locale)
                typed, shown, new_date_text = grid_after_conflict(saved, typed, request.form, sent), \
                    shown_values(indicator, saved), ""
            except ValidationError as error:
                discard_changes()
                errors = error.errors
        if errors and sent is not None:
            shown = sent  # what the page showed still holds: the cells left alone stay left alone
        grid = typed
        if not errors and not conflicts:
            flash(_("Values saved."), "success")
            return redirect(url_for(".values", indicator_id=indicator.id))
    return render_template("results/values_grid.html", indicator=indicator, indicator_spec=IMPACT_INDICATORS,
                           data_point_spec=DATA_POINTS,
                           regions=grid.regions, dates=grid.dates, values=grid.cells, errors=errors,
                           new_date=new_date_text, conflicts=conflicts, shown_json=shown_cells_json(shown),
                           shown_dates=dates_text(grid.dates),
                           source=source, may_write=may_write, may_change=may_change,
                           period_lock=context.period_lock, all_regions=_l("All regions"))
