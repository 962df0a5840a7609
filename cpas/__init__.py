"""The CPAS tracker: results-based budgeting and performance for UN peacekeeping SPUs."""

import gc
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The cyclic collector's thresholds for a serving process: a report of a large mission allocates
# half a million objects, and at Python's default (700, 10, 10) it set off about 90 young and 8
# middle collections a request (15-20 ms of the dashboard, the assessment and the threat calendar
# at the scale benchmark's size; 5-10 ms with these). Young cycles are still collected every
# 10,000 allocations; what survives a request waits at most a few requests longer.
SERVING_GC_THRESHOLDS = (10_000, 50, 100)


def settle_for_serving() -> None:
    """Once the app is made, in a serving process (gunicorn's workers, the benchmarks): what the
    app holds from its start (modules, templates, metadata) lives as long as the process, so it is
    moved out of the collector's reach, and a full collection during a request scans that
    request's objects, not everything ever imported (at the scale benchmark's size a full
    collection cost 100-180 ms of the assessment report); and the collector runs less often."""
    gc.freeze()
    gc.set_threshold(*SERVING_GC_THRESHOLDS)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: config → database → extensions → blueprints → CLI."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from cpas import config

    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.environment_config(app.instance_path, given=test_config or {}))
    app.config.from_mapping(test_config or {})

    from cpas import db

    db.init_app(app)

    from cpas import extensions

    extensions.init_app(app)

    import cpas.record_types  # noqa: F401  every domain registers its record types
    from cpas.activities.views import blueprint as activities_blueprint
    from cpas.assessments.views import blueprint as assessments_blueprint
    from cpas.auth.views import blueprint as auth_blueprint
    from cpas.budget.un_import_views import blueprint as un_budget_blueprint
    from cpas.budget.views import blueprint as budget_grid_blueprint
    from cpas.budget.views import classes_blueprint as expenditure_classes_blueprint
    from cpas.charts import blueprint as charts_blueprint
    from cpas.core.views import blueprint as core_blueprint
    from cpas.entry.views import blueprint as records_blueprint
    from cpas.incidents.views import blueprint as incidents_blueprint
    from cpas.mandates.views import blueprint as mandates_blueprint
    from cpas.missions.views import blueprint as missions_blueprint
    from cpas.missions.views import scoped as mission_home_blueprint
    from cpas.reports.views import all_missions_blueprint
    from cpas.reports.views import blueprint as reports_blueprint
    from cpas.results.views import blueprint as results_blueprint
    from cpas.results.views import grid_blueprint as indicator_grid_blueprint
    from cpas.workbook.views import blueprint as workbook_blueprint

    for blueprint in (
        core_blueprint, auth_blueprint, charts_blueprint, missions_blueprint, mission_home_blueprint,
        mandates_blueprint,
        reports_blueprint, all_missions_blueprint, activities_blueprint, assessments_blueprint, results_blueprint,
        records_blueprint, budget_grid_blueprint, expenditure_classes_blueprint, indicator_grid_blueprint,
        workbook_blueprint, incidents_blueprint, un_budget_blueprint,
    ):
        app.register_blueprint(blueprint)

    from cpas import cli

    app.cli.add_command(cli.cpas_group)
    return app
