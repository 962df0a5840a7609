"""`flask --app app cpas …`: the commands that `make run` and scripts use. Each commits once."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from cpas import migrate as migrations
from cpas.audit import record_change
from cpas.auth.services import AccountError, create_user
from cpas.db import get_engine, get_session
from cpas.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from cpas.models import AuditAction, Mission, Role

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
    session = get_session()
    if if_empty and session.scalar(select(Mission.id).limit(1)) is not None:
        click.echo("The database holds missions already: the demo is not loaded.")
        return
    done = load_demo(session)
    session.commit()
    click.echo("\n".join(done) if done else "The demo is loaded already: nothing to do.")
    logins = ", ".join(login for login, _, _ in DEMO_ACCOUNTS)
    click.echo(f"Demo accounts (for demonstration only; password '{DEMO_PASSWORD}'): {logins}")


@cpas_group.command("create-user")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--name", default="", help="Name shown in the app.")
@click.password_option(prompt="Password", confirmation_prompt=True)
def create_user_command(login, role, name, password):
    """Create an account; LOGIN is usually an e-mail address."""
    session = get_session()
    try:
        user = create_user(session, login, password, Role(role), display_name=name)
    except AccountError as error:
        raise click.ClickException(str(error.message)) from error
    record_change(session, AuditAction.CREATE, user, user_id=None,
                  summary="Account created from the command line")
    session.commit()
    click.echo(f"Created {user.login} ({role}).")
