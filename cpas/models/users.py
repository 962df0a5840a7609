"""Accounts and their roles: an administrator's and a headquarters account's role holds in every
mission; any other account holds a role mission by mission (``MissionRole``), and is nobody in a
mission it holds none in."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    # The role held in every mission: an administrator's, or a headquarters account's (a budget
    # reviewer reading every mission, say). None: the account holds roles mission by mission only.
    role: Mapped[Role | None] = mapped_column(enum_column(Role, "role"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Set with a temporary password: the account must choose its own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    preferred_locale: Mapped[str] = mapped_column(sa.String(5), default="")
    created_at: Mapped[datetime]
    mission_roles: Mapped[list["MissionRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="MissionRole.id")

    @property
    def at_headquarters(self) -> bool:
        """Whether the account holds its role in every mission (administrators do)."""
        return self.role is not None

    def role_in(self, mission) -> Role | None:
        """The role the account holds in ``mission``: an administrator's everywhere, else the role
        it holds in that mission, else its headquarters role; None when it is nobody there. Every
        check of who may do what in a mission goes through here. Without a mission: the role held
        in every mission."""
        if self.role is Role.ADMIN or mission is None:
            return self.role
        for held in self.mission_roles:
            if held.mission_id == mission.id:
                return held.role
        return self.role

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


class MissionRole(Base):
    """The role an account holds in one mission (never an administrator's, which holds in all)."""

    __tablename__ = "mission_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "mission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))

    user: Mapped[User] = relationship(back_populates="mission_roles")
    mission: Mapped["Mission"] = relationship()  # noqa: F821


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
