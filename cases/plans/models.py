"""A child in need plan's reviews: when it was held, who came, and whether the plan goes on (with
the date of the next review) or ends. Imported by `cases.models`, so it is one of that app's tables."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel

from ..models import ChildInNeedPlan


class InNeedReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "The plan continues"
    END = "end", "The plan ends"


class InNeedReviewQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> InNeedReviewQuerySet:
        """A review is seen by whoever sees its plan's child."""
        plans = ChildInNeedPlan.objects.for_authority(membership.authority).visible_to(membership)
        return self.filter(plan__in=plans)


class ChildInNeedReview(TenantModel):
    """One review of a child in need plan. Written once by `cases.plans.reviews`; a review held on
    or after the end of the step-down period meets the plan's STEPDOWN-CIN-3M deadline."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("date the review was held")
    attended = models.TextField("who attended")
    outcome = models.CharField(max_length=10, choices=InNeedReviewOutcome.choices)
    notes = models.TextField(blank=True)
    # No rule sets an interval for child in need reviews: the social worker gives the next date.
    next_review_on = models.DateField("date of the next review", null=True, blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(InNeedReviewQuerySet)()

    class Meta(TenantModel.Meta):
        app_label = "cases"
        ordering = ["plan", "held_on", "id"]
        verbose_name = "child in need plan review"
        indexes = [models.Index(fields=["authority", "plan", "held_on"])]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {long_date(self.held_on)}"
