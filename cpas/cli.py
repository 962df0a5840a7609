"""`flask --app app cpas …`: the commands that `make run` and scripts use. Each that writes runs as one
unit of work (``cpas.db.unit_of_work``): committed when it succeeds, rolled back when it fails."""

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from cpas import migrate as migrations
from cpas.assessments.rounds import load_round
from cpas.auth.services import AccountError, create_account
from cpas.budget.un_open_data import UnFileError, import_un_budget
from cpas.db import get_engine, get_session, unit_of_work
from cpas.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from cpas.entry.context import EntryContext
from cpas.exports.report_workbook import build_report_workbook
from cpas.incidents.services import import_incidents
from cpas.models import BudgetPeriod, Mission, ReportKind, Role
from cpas.reports.app_settings import report_settings
from cpas.reports.assembly import report_bundle, threat_calendar_report
from cpas.reports.assessment import build_assessment_report
from cpas.reports.units import THOUSANDS, UNIT_CHOICES
from cpas.workbook.export import TooManyRecords, build_data_workbook
from cpas.workbook.importer import import_workbook
from cpas.workbook.selection import SelectionError, selection_from

cpas_group = AppGroup("cpas", help="CPAS tracker commands.")


@cpas_group.command("migrate")
def migrate_command():
    """Apply the migrations to the database DATABASE_URL names."""
    engine = get_engine()
    migrations.upgrade(engine)
    click.echo(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")


@cpas_group.command("demo")
@click.option("--if-empty", is_flag=True, help="Only into a database that holds no mission yet.")
def demo_command(if_empty):
    """Load the MINUSMA 2019/20 demo mission and its demo accounts (idempotent)."""
    with unit_of_work() as session:
        if if_empty and session.scalar(select(Mission.id).limit(1)) is not None:
            click.echo("The database holds missions already: the demo is not loaded.")
            return
        done = load_demo(session)
    click.echo("\n".join(done) if done else "The demo is loaded already: nothing to do.")
    logins = ", ".join(account[0] for account in DEMO_ACCOUNTS)
    click.echo(f"Demo accounts (for demonstration only; password '{DEMO_PASSWORD}'): {logins}")


@cpas_group.command("create-user")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--mission", "mission_codes", multiple=True,
              help="A mission the role is held in (repeatable); without it, the role is held in every mission.")
@click.option("--name", default="", help="Name shown in the app.")
@click.password_option(prompt="Password", confirmation_prompt=True)
def create_user_command(login, role, mission_codes, name, password):
    """Create an account; LOGIN is usually an e-mail address."""
    with unit_of_work() as session:
        missions = {code: session.scalar(select(Mission.id).where(Mission.code == code)) for code in mission_codes}
        unknown = [code for code, mission_id in missions.items() if mission_id is None]
        if unknown:
            raise click.ClickException(f"No mission {', '.join(unknown)}.")
        try:
            user = create_account(session, login, name, None if missions else Role(role), password, acting_user=None,
                                  mission_roles={mission_id: Role(role) for mission_id in missions.values()})
        except AccountError as error:
            raise click.ClickException(str(error.message)) from error
    where = ", ".join(missions) if missions else "every mission"
    click.echo(f"Created {user.login} ({role} in {where}).")


@cpas_group.command("data-export")
@click.option("--mission", "mission_code", required=True, help="Mission code, e.g. MINUSMA.")
@click.option("--period", "period_label", required=True, help="Budget period, e.g. 2019/20.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--template", is_flag=True, help="Only the layout, without data.")
@click.option("--from", "observed_from", help="Data points observed from this date (YYYY-MM-DD).")
@click.option("--to", "observed_to", help="Data points observed up to this date.")
@click.option("--indicator", help="Data points of this impact indicator (its code).")
@click.option("--region", help="Data points of this region.")
def data_export_command(mission_code, period_label, out_path, template, observed_from, observed_to, indicator,
                        region):
    """Write the Excel data workbook of a mission and period: its data points those observed in
    the period (its latest that fit in a sheet) unless others are chosen."""
    session = get_session()
    mission, period = _mission_and_period(session, mission_code, period_label)
    context = EntryContext(session, mission, period, None)
    chosen = {"from": observed_from, "to": observed_to, "indicator": indicator, "region": region}
    try:
        selection = selection_from(chosen, context) if any(chosen.values()) else None
        data = build_data_workbook(context, empty=template, selection=selection)
    except SelectionError as error:
        raise click.ClickException(str(error)) from None
    except TooManyRecords as refused:
        raise click.ClickException(str(refused.message)) from None
    Path(out_path).write_bytes(data)
    click.echo(f"Wrote {out_path} ({len(data):,} bytes).")


@cpas_group.command("data-import")
@click.argument("workbook_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the workbook and report, without saving.")
def data_import_command(workbook_path, dry_run):
    """Import an Excel data workbook in one transaction; any problem changes nothing."""
    with unit_of_work() as session:
        result = import_workbook(session, Path(workbook_path).read_bytes(), None, apply=not dry_run)
        _report_import(result)
    click.echo("Dry run: nothing was saved." if dry_run else
               f"Imported {result.rows} rows into {result.mission_code} {result.period_label}.")


@cpas_group.command("incidents-import")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--mission", "mission_code", required=True, help="Mission code, e.g. MINUSMA.")
@click.option("--dry-run", is_flag=True, help="Check the file and count what it would change, without saving.")
def incidents_import_command(csv_path, mission_code, dry_run):
    """Import an incident file in the ACLED CSV layout; any problem changes nothing. Event ids are
    the keys: a re-import adds nothing twice and updates the events ACLED revised."""
    with unit_of_work() as session:
        mission = _mission(session, mission_code)
        path = Path(csv_path)
        result = import_incidents(session, mission, path.read_bytes(), file_name=path.name, user=None,
                                  apply=not dry_run)
        for problem in result.problems:
            where = ", ".join(filter(None, [f"line {problem.line}" if problem.line else "", problem.column]))
            click.echo(f"{where}: {problem.message}" if where else problem.message, err=True)
        if not result.ok:
            raise click.ClickException(f"{result.problem_count:,} problem(s): nothing was imported.")
    for spelling, region in result.region_spellings.items():
        click.echo(f"Region {spelling!r} read as {region!r}.")
    counts = f"{result.created:,} new, {result.updated:,} revised, {result.unchanged:,} unchanged"
    if dry_run:
        click.echo(f"Dry run ({result.layout} ACLED layout, {result.rows:,} events): {counts}. Nothing was saved.")
    else:
        click.echo(f"Imported {result.rows:,} events into {mission.code} ({result.layout} ACLED layout): {counts}; "
                   f"{result.indicators_recomputed} computed indicator(s) recomputed.")


@cpas_group.command("un-budget-import")
@click.argument("json_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and count what it would change, without saving.")
def un_budget_import_command(json_path, dry_run):
    """Import a year of the UN's open peacekeeping budget data (open.un.org's budget-pko JSON):
    the missions and the period it needs, a budget line per mission and class at the file's stage,
    verified, with its document as source. Any problem changes nothing; a second import of the same
    file changes nothing either."""
    with unit_of_work() as session:
        try:
            result = import_un_budget(session, Path(json_path).read_bytes(), user_id=None)
        except UnFileError as refused:
            for problem in refused.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(f"{len(refused.problems)} problem(s): nothing was imported.") from None
        if dry_run:
            session.rollback()
    counts = (f"{len(result.missions)} missions ({len(result.missions_created)} new), "
              f"{result.lines_created} new budget lines, {result.amounts_created} new {result.stage.value} figures, "
              f"{result.amounts_changed} revised, {result.amounts_unchanged} unchanged")
    if dry_run:
        click.echo(f"Dry run, {result.fiscal_year}: {counts}. Nothing was saved.")
    elif result.changed_anything:
        click.echo(f"Imported {result.fiscal_year}{' (a new budget period)' if result.period_created else ''}: "
                   f"{counts}.")
    else:
        click.echo(f"Nothing changed: every figure of {result.fiscal_year} is recorded as the file gives it "
                   f"({counts}).")


def _report_import(result) -> None:
    """What the import counted, and its problems (which refuse the whole import)."""
    for sheet, counts in result.counts.items():
        if counts.created or counts.updated or counts.unchanged:
            click.echo(f"{sheet}: {counts.created} new, {counts.updated} changed, {counts.unchanged} unchanged")
    for change in result.changes:
        click.echo(f"{change.sheet} {change.key}: {change.field}: {change.now or '-'} -> {change.in_file or '-'}")
    if result.problems:
        for problem in result.problems:
            where = ", ".join(filter(None, [problem.sheet, f"row {problem.row}" if problem.row else "",
                                            f"column {problem.column_letter}" if problem.column else ""]))
            click.echo(f"{where}: {problem.message}" if where else problem.message, err=True)
        raise click.ClickException(f"{len(result.problems)} problem(s): nothing was imported.")


def _budget_report(kind: ReportKind):
    def write(session, mission, period, unit) -> bytes:
        bundle = report_bundle(session, mission, period, kind, report_settings(unit))
        return build_report_workbook(bundle.sheets)
    return write


def _assessment_report(session, mission, period, unit) -> bytes:
    """The CPAS impact assessment of the round (the mission's period), as of today."""
    settings = report_settings(unit)
    assessment_round = load_round(session, mission, period, date.today(), current_app.config["CPAS_TOLERANCE_PERCENT"])
    return build_report_workbook(build_assessment_report(assessment_round, money_unit=settings.money_unit,
                                                         translator=settings.translator).sheets)
def _threat_calendar(session, mission, _period, unit) -> bytes:
    """The threat calendar is of the mission over all the years of its incidents: no period."""
    return build_report_workbook(threat_calendar_report(session, mission, report_settings(unit)).sheets)


# Report name -> (whether it is of one budget period, writer(session, mission, period, unit) -> bytes).
REPORT_WRITERS = {
    "rbb": (True, _budget_report(ReportKind.BUDGET)),
    "performance": (True, _budget_report(ReportKind.PERFORMANCE)),
    "assessment": (True, _assessment_report),
    "threat-calendar": (False, _threat_calendar),
}


@cpas_group.command("report-export")
@click.argument("report", type=click.Choice(list(REPORT_WRITERS)))
@click.option("--mission", "mission_code", required=True, help="Mission code, e.g. MINUSMA.")
@click.option("--period", "period_label", help="Budget period, e.g. 2019/20 (for the reports of one period).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--unit", type=click.Choice(UNIT_CHOICES), default=THOUSANDS, show_default=True)
def report_export_command(report, mission_code, period_label, out_path, unit):
    """Write a report workbook of a mission: the budget (rbb) or performance report of a period, the
    CPAS impact assessment of a period (assessment), or the threat calendar of the mission
    (incidents over the years; no --period)."""
    session = get_session()
    of_one_period, write = REPORT_WRITERS[report]
    if of_one_period and not period_label:
        raise click.UsageError(f"The {report} report is of one budget period: give --period, e.g. 2019/20.")
    if period_label:
        mission, period = _mission_and_period(session, mission_code, period_label)
    else:
        mission, period = _mission(session, mission_code), None
    data = write(session, mission, period, unit)
    Path(out_path).write_bytes(data)
    click.echo(f"Wrote {out_path} ({len(data):,} bytes).")


def _mission(session, mission_code: str) -> Mission:
    mission = session.scalar(select(Mission).where(Mission.code == mission_code))
    if mission is None:
        raise click.ClickException(f"No mission {mission_code!r}.")
    return mission


def _mission_and_period(session, mission_code: str, period_label: str):
    mission = session.scalar(select(Mission).where(Mission.code == mission_code))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == period_label))
    if mission is None or period is None:
        raise click.ClickException(f"No mission {mission_code!r} or budget period {period_label!r}.")
    return mission, period
