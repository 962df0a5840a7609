"""All models, imported here so that ``Base.metadata`` knows every table."""

from cpas.models.activities import Activity, ActivityStatus, Pillar
from cpas.models.assessments import (
    AssessmentStatus,
    ImpactAssessment,
    RatingLevel,
    Recommendation,
    RecommendationStatus,
)
from cpas.models.audit import AuditAction, AuditEntry
from cpas.models.base import Base
from cpas.models.budget import (
    BudgetAmount,
    BudgetLine,
    BudgetStage,
    ExpenditureClass,
    ExpenditureGroup,
    Provenance,
    ReportKind,
    VarianceCause,
    VarianceExplanation,
    expenditure_class_successors,
)
from cpas.models.incidents import Incident, IncidentImport, IncidentMonth
from cpas.models.mandates import Mandate, MandatedTask, TaskPriority, activity_tasks
from cpas.models.missions import BudgetPeriod, Mission, PeriodLock
from cpas.models.rbb import (
    Component,
    ExpectedAccomplishment,
    ExternalFactor,
    IndicatorOfAchievement,
    IndicatorValue,
    IndicatorValueKind,
    Output,
    Post,
    PostGrade,
)
from cpas.models.results import (
    DataPoint,
    Direction,
    ImpactIndicator,
    IncidentInterval,
    IncidentMeasure,
    IndicatorTarget,
    Outcome,
    RegionalAggregation,
)
from cpas.models.uploads import PendingUpload
from cpas.models.users import LoginFailure, LoginSession, MissionRole, Role, User

__all__ = [
    "Activity", "ActivityStatus", "AssessmentStatus", "AuditAction", "AuditEntry", "Base",
    "BudgetAmount", "BudgetLine", "BudgetPeriod", "BudgetStage", "Component",
    "DataPoint", "Direction", "ExpectedAccomplishment", "ExpenditureClass", "ExpenditureGroup",
    "LoginFailure", "LoginSession",
    "ExternalFactor", "ImpactAssessment", "ImpactIndicator", "Incident", "IncidentImport", "IncidentInterval",
    "IncidentMonth",
    "IncidentMeasure", "IndicatorOfAchievement",
    "IndicatorTarget", "IndicatorValue", "IndicatorValueKind", "Mandate", "MandatedTask", "Mission", "MissionRole",
    "Outcome", "Output", "PendingUpload", "PeriodLock", "Pillar", "Post", "PostGrade", "Provenance", "RatingLevel",
    "Recommendation", "RegionalAggregation", "RecommendationStatus", "ReportKind", "Role", "TaskPriority", "User",
    "VarianceCause", "VarianceExplanation", "activity_tasks", "expenditure_class_successors",
]
