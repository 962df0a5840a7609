"""Columns shared by the editable records."""

from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    """An edit counter. SQLAlchemy refuses an UPDATE whose version has moved on, so two officers
    saving the same record cannot silently overwrite each other."""

    version: Mapped[int] = mapped_column(nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}
