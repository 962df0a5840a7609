"""The commands `make run` and scripts use."""

import pytest
from sqlalchemy import func, select

from cpas.models import AuditEntry, Role, User


def test_create_user_prompts_for_the_password_and_hashes_it(runner, db, production_password_hashing):
    result = runner.invoke(args=["cpas", "create-user", "Amina.Traore@un.org", "--role", "planning_officer"],
                           input="s3cret-pass\ns3cret-pass\n")
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.login == "amina.traore@un.org"))
    assert user.role is Role.PLANNING_OFFICER
    assert user.password_hash.startswith("scrypt:")
    entry = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "users"))
    assert entry.record_id == user.id and "password_hash" not in entry.after


def test_create_user_refuses_a_duplicate_login_and_changes_nothing(runner, db):
    runner.invoke(args=["cpas", "create-user", "a@un.org", "--role", "leadership"], input="pass-word1\npass-word1\n")
    result = runner.invoke(args=["cpas", "create-user", "A@UN.org", "--role", "admin"], input="pass-word2\n" * 2)
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert db.scalar(select(func.count(User.id))) == 1


def test_create_user_refuses_an_unknown_role(runner):
    result = runner.invoke(args=["cpas", "create-user", "b@un.org", "--role", "boss"], input="pass-word1\npass-word1\n")
    assert result.exit_code != 0
    assert "boss" in result.output


@pytest.mark.committing  # the command migrates through a connection of its own
def test_migrate_is_safe_to_run_again(runner):
    result = runner.invoke(args=["cpas", "migrate"])
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_demo_command_loads_once_then_reports_nothing_to_do(runner):
    first = runner.invoke(args=["cpas", "demo"])
    second = runner.invoke(args=["cpas", "demo"])
    assert "loaded mission MINUSMA" in first.output
    assert "nothing to do" in second.output
    assert "password 'demo'" in second.output
