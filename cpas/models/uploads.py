"""Workbooks uploaded and checked, waiting for the user to confirm their import.

Kept in the database rather than on disk, so that the confirmation may reach any of several
app servers sharing one database."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cpas.models.base import Base


class PendingUpload(Base):
    __tablename__ = "pending_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(43), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    uploaded_at: Mapped[datetime] = mapped_column(index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
