"""Accounts and their roles."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cpas.models.base import Base
from cpas.models.mixins import Versioned
from cpas.models.types import enum_column


class Role(enum.Enum):
    ADMIN = "admin"
    PLANNING_OFFICER = "planning_officer"
    BUDGET_REVIEWER = "budget_reviewer"
    LEADERSHIP = "leadership"


def new_session_token() -> str:
    """A random value naming an account's sessions (see ``User.session_token``)."""
    return secrets.token_urlsafe(32)


class User(Versioned, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # An e-mail address, or a short name such as the demo's ``officer``.
    login: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # What a session cookie (and a remember-me cookie) names the account by, instead of its id:
    # a new token ends every session of the account at once (logout, a new password, deactivation).
    session_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_session_token)
    # Set with a temporary password: the account must choose its own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    preferred_locale: Mapped[str] = mapped_column(sa.String(5), default="")
    created_at: Mapped[datetime]

    # Flask-Login's protocol, written out so that the model does not import Flask.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def end_sessions(self) -> None:
        """Sign the account out everywhere: every session and remember-me cookie names the old token."""
        self.session_token = new_session_token()
