"""Child protection and child in need plans, and the items a protection plan is made of."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_date
from authorities.links_up import link_up
from authorities.models import Membership, Role
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel

from .. import hooks
from .families import Child


class Category(models.TextChoices):
    """Categories of harm (CATEGORY)."""

    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    SEXUAL = "sexual", "Sexual abuse"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class PlanEndKind(models.TextChoices):
    """Why a child protection plan ended: at a review, or outside one because the child's
    circumstances changed (a manager ends it then)."""

    REVIEW = "review", "Ended at a review conference"
    MOVED_AUTHORITY = "moved_authority", "The child moved to another authority"
    LOOKED_AFTER = "looked_after", "The child became looked after"
    TURNED_18 = "turned_18", "The child turned 18"
    DIED = "died", "The child died"


# The reasons a manager may end a plan between conferences (the rest end at a review).
ENDS_OUTSIDE_REVIEW = (
    PlanEndKind.MOVED_AUTHORITY,
    PlanEndKind.LOOKED_AFTER,
    PlanEndKind.TURNED_18,
    PlanEndKind.DIED,
)


class PlanQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> PlanQuerySet:
        """A plan is seen by whoever sees its child (practitioners: the cases they are invited to)."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(child__in=Child.objects.for_authority(membership.authority).visible_to(membership))

    def active(self) -> PlanQuerySet:
        return self.filter(ended_on__isnull=True)


class ChildProtectionPlan(TenantModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="protection_plans")
    category = models.CharField(max_length=20, choices=Category.choices)
    started_on = models.DateField()
    # The conferences' ids (conferences sits above cases, which owns the foreign keys and the
    # protection from deletion: see authorities.links_up).
    started_at_conference_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    started_at_conference = link_up("started_at_conference", hooks.conference_model)
    ended_on = models.DateField(null=True, blank=True)
    ended_at_conference_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ended_at_conference = link_up("ended_at_conference", hooks.conference_model)
    end_reason = models.TextField(blank=True)
    end_kind = models.CharField("why the plan ended", max_length=20, choices=PlanEndKind.choices, blank=True)
    ended_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    danger_statement = models.TextField(blank=True)
    contingency_plan = models.TextField(blank=True)
    bottom_lines = models.TextField("non-negotiable bottom lines", blank=True)
    # STEPDOWN-CIN-3M: a plan ended with no child in need plan after it is overseen by a head of
    # service, who records their follow-up with the team manager.
    oversight_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    oversight_team_manager = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    oversight_follow_up = models.TextField("head of service's follow-up", blank=True)
    oversight_recorded_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(PlanQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-started_on"]
        verbose_name = "child protection plan"
        indexes = [models.Index(fields=["authority", "ended_on", "started_on"])]

    def __str__(self) -> str:
        return f"CP plan for {self.child} from {long_date(self.started_on)}"

    @property
    def status(self) -> str:
        return PlanStatus.ENDED if self.ended_on else PlanStatus.ACTIVE


class ChildInNeedPlan(TenantModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="in_need_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    stepped_down_from = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="step_downs"
    )
    notes = models.TextField(blank=True)
    end_reason = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(PlanQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-started_on"]
        verbose_name = "child in need plan"

    def __str__(self) -> str:
        return f"CIN plan for {self.child} from {long_date(self.started_on)}"


class PlanItemKind(models.TextChoices):
    DANGER = "danger", "Danger statement"
    SAFETY_GOAL = "safety_goal", "Safety goal"
    OUTCOME = "outcome", "Outcome statement"
    ACTION = "action", "Action"


class PlanItem(TenantModel):
    """One line of a child protection plan (OUTCOME): a danger, a goal, an outcome with its
    indicators, or an action that answers a named danger."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=PlanItemKind.choices)
    text = models.TextField()
    answers = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_by",
        help_text="For an action: the danger statement it answers.",
    )
    indicators = models.TextField(blank=True, help_text="What will show us that the child is safe?")
    collected_by = models.CharField(max_length=200, blank=True, help_text="Who collects that information.")
    owner = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner_agency = models.ForeignKey(
        "authorities.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    deadline = models.ForeignKey(
        "scheduling.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An action copied from the conference's outline plan: the deadline that tracks it there.",
    )
    # The deadline above exists only where OUTCOME opened one; this link holds whatever the rule's
    # mode, so brothers' and sisters' copies and the conference's action keep "done" in step.
    copied_from_id = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="An action copied from the conference's outline plan: the action it came from.",
    )
    copied_from = link_up("copied_from", hooks.outline_action_model)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["plan", "kind", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
