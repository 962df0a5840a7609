"""Accounts and their roles."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cpas.models.base import Base
from cpas.models.types import enum_column


class Role(enum.Enum):
    ADMIN = "admin"
    PLANNING_OFFICER = "planning_officer"
    BUDGET_REVIEWER = "budget_reviewer"
    LEADERSHIP = "leadership"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # An e-mail address, or a short name such as the demo's ``officer``.
    login: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    is_active: Mapped[bool] = mapped_column(default=True)
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
        return str(self.id)
