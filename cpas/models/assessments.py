"""CPAS impact assessments, their configurable rating scale and recommendations."""

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpas.models.base import Base
from cpas.models.mixins import Versioned
from cpas.models.types import enum_column


class RatingLevel(Versioned, Base):
    """One step of the rating scale. The official CPAS scale is not public, so the scale is data:
    the first migration seeds a default that an admin may change."""

    __tablename__ = "rating_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label: Mapped[str] = mapped_column(sa.String(100), unique=True)
    position: Mapped[int]
    colour: Mapped[str] = mapped_column(sa.String(7), default="#6c757d")


class AssessmentStatus(enum.Enum):
    """The assessment cycle: an officer drafts and submits; leadership approves or returns it
    with a comment, and the officer revises and submits again. An approved assessment is final."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class ImpactAssessment(Versioned, Base):
    __tablename__ = "impact_assessments"
    __table_args__ = (
        sa.CheckConstraint("covers_from <= covers_to", name="dates_in_order"),
        sa.UniqueConstraint("outcome_id", "covers_from", "covers_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("outcomes.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(sa.String(300))
    covers_from: Mapped[date]
    covers_to: Mapped[date]
    rating_level_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rating_levels.id", ondelete="RESTRICT"))
    # Required when the rating is not the one the indicators' data suggests.
    rating_justification: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    analysis: Mapped[str] = mapped_column(sa.Text, default="")
    mission_contribution: Mapped[str] = mapped_column(sa.Text, default="")
    external_factors: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus, "assessment_status"), default=AssessmentStatus.DRAFT
    )
    leadership_decision: Mapped[str] = mapped_column(sa.Text, default="")

    outcome: Mapped["Outcome"] = relationship()  # noqa: F821
    rating: Mapped[RatingLevel | None] = relationship()
    recommendations: Mapped[list["Recommendation"]] = relationship(
        back_populates="assessment", order_by="Recommendation.position", cascade="all, delete-orphan"
    )


class RecommendationStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Recommendation(Versioned, Base):
    __tablename__ = "recommendations"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("impact_assessments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    owner: Mapped[str] = mapped_column(sa.String(200), default="")
    due_on: Mapped[date | None]
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_column(RecommendationStatus, "recommendation_status"), default=RecommendationStatus.OPEN
    )

    assessment: Mapped[ImpactAssessment] = relationship(back_populates="recommendations")
