"""Accounts: creating them and checking passwords. Plain functions over a session; no commits."""

from datetime import UTC, datetime
from functools import cache

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from cpas.config import DEFAULT_PASSWORD_HASH_METHOD
from cpas.db import get_session
from cpas.models import Role, User


def password_hash_method() -> str:
    """The app's PASSWORD_HASH_METHOD (scrypt unless configured otherwise)."""
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else DEFAULT_PASSWORD_HASH_METHOD


@cache
def _unknown_user_hash(method: str) -> str:
    """Checked against when the login is unknown, hashed like new accounts are, so that a wrong
    login and a wrong password take the same time and cannot be told apart."""
    return generate_password_hash("not a password of anyone", method=method)


class AccountError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_login(login: str) -> str:
    return login.strip().lower()


def create_user(session: Session, login: str, password: str, role: Role, display_name: str = "") -> User:
    """Create an account; the password is stored only as a salted hash (PASSWORD_HASH_METHOD,
    scrypt by default)."""
    login = normalise_login(login)
    if not login:
        raise AccountError("login", _l("A login is required."))
    if len(password) < 4:
        raise AccountError("password", _l("The password must have at least 4 characters."))
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise AccountError("login", _l("An account with the login %(login)s exists already.", login=login))
    user = User(
        login=login,
        display_name=display_name or login,
        password_hash=generate_password_hash(password, method=password_hash_method()),
        role=role,
        created_at=datetime.now(UTC).replace(tzinfo=None),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The active account with this login and password, or None (whichever part was wrong)."""
    user = session.scalar(select(User).where(User.login == normalise_login(login)))
    if user is None:
        check_password_hash(_unknown_user_hash(password_hash_method()), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader."""
    try:
        return get_session().get(User, int(user_id))
    except ValueError:
        return None
