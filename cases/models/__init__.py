"""The cases app's tables, one module per job; everything is re-exported here so that
`from cases.models import Child` keeps working."""

from .families import (
    Child,
    ChildQuerySet,
    Family,
    FamilyQuerySet,
    Gender,
    Person,
    Relationship,
    RelationshipKind,
)
from .plans import (
    ENDS_OUTSIDE_REVIEW,
    Category,
    ChildInNeedPlan,
    ChildProtectionPlan,
    PlanEndKind,
    PlanItem,
    PlanItemKind,
    PlanQuerySet,
    PlanStatus,
)
from .strategy_discussions import StrategyDiscussion

# A child in need plan's reviews live with the plan pages' code (cases.plans); importing them
# here registers them as this app's models.
from ..plans.models import ChildInNeedReview, InNeedReviewOutcome  # isort: skip

__all__ = [
    "ENDS_OUTSIDE_REVIEW",
    "Category",
    "Child",
    "ChildInNeedPlan",
    "ChildInNeedReview",
    "ChildProtectionPlan",
    "ChildQuerySet",
    "Family",
    "FamilyQuerySet",
    "Gender",
    "InNeedReviewOutcome",
    "Person",
    "PlanEndKind",
    "PlanItem",
    "PlanItemKind",
    "PlanQuerySet",
    "PlanStatus",
    "Relationship",
    "RelationshipKind",
    "StrategyDiscussion",
]
