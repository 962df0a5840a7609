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


class User(Versioned, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # An e-mail address, or a short name such as the demo's ``officer``.
    login: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    is_active: Mapped[bool] = mapped_column(default=True)
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

    # The token of the login this object was loaded for (a LoginSession's), set by whoever loads
    # it for a request: what the session and remember-me cookies carry instead of the account's id.
    login_token = None

    def get_id(self) -> str | None:
        return self.login_token


class LoginSession(Base):
    """One login of an account, on one browser: a random token per login that the session and
    remember-me cookies carry. Deleting the row ends that session on the server at once, whatever
    cookie a browser (or someone who copied it) still holds."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class LoginFailure(Base):
    """A wrong login or password, kept for a short while: too many, for one login or from one
    address, and logging in waits (in the database, so that every worker and host sees them)."""

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_login_at", "login", "at"),
                      sa.Index("ix_login_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(254))
    address: Mapped[str] = mapped_column(sa.String(45))  # an IPv6 address at most
    at: Mapped[datetime]
