"""What the chair records in the room beyond the core conference rows: parents' views and the
corrections they ask for, responses to the scoring triggers, the outline plan, and step-down.

Kept apart from models.py so the scheduling and live sides of conferences can grow side by side;
The package's __init__ imports this module so Django registers these models under the conferences app."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import Agency, Membership, Role
from authorities.refusals import in_words
from authorities.rules.ids import RuleId
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from cases.models import Child, Person


class ViewsGiven(models.TextChoices):
    BEFORE = "before", "Before the conference"
    AT = "at", "At the conference"
    NOT_GIVEN = "not_given", "Not given (say why)"


class ViewsFormat(models.TextChoices):
    WRITTEN = "written", "In writing"
    SPOKEN = "spoken", "Spoken"
    OTHER = "other", "Another format"


class ParentView(TenantModel):
    """PARENT-VIEWS: a parent's or carer's own views, given before or at the conference."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="parent_views"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200, help_text="Who gave these views.")
    given = models.CharField(max_length=10, choices=ViewsGiven.choices)
    format = models.CharField(max_length=10, choices=ViewsFormat.choices)
    views = models.TextField()
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Views of {self.name}"


class ReportCorrection(TenantModel):
    """PARENT-VIEWS: whether a report is factually correct, and the correction asked for, recorded
    against that report (an agency's report hangs on its invitation)."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="report_corrections"
    )
    invitation = models.ForeignKey("conferences.Invitation", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    factually_correct = models.BooleanField()
    correction = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Correction to the report of {self.invitation}"


class TriggerAction(models.TextChoices):
    ESCALATED = "escalated", "Escalated to the social work management team"
    DISCUSSED = "discussed", "Discussion of a child in need plan held"
    DECLINED = "declined", "Not done, with a reason"


class TriggerResponse(TenantModel):
    """The chair's answer when SCORE-ALL-ZERO or SCORE-MAJ-ABOVE-5 fires for a child."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="trigger_responses"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    rule_id = models.CharField(max_length=40)
    action = models.CharField(max_length=20, choices=TriggerAction.choices)
    note = models.TextField(help_text="What was discussed, or why not.")
    escalation = models.ForeignKey(
        "scheduling.Escalation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["conference", "child", "rule_id"], name="trigger_response_once")
        ]

    def __str__(self) -> str:
        return in_words(f"{self.get_action_display()} for {self.child}", self.rule_id)


class LongPlanAnswer(TenantModel):
    """LONG-PLAN at a review: the chair's answer for a child whose plan has reached a flagged age or
    who is on a second or later plan, with the flags as the chair saw them."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="long_plan_answers"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    flags = models.TextField(help_text="What was flagged when the chair answered.")
    answer = models.TextField()
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [models.UniqueConstraint(fields=["conference", "child"], name="long_plan_answer_once")]

    def __str__(self) -> str:
        return in_words(f"Long or repeat plan answer for {self.child}", RuleId.LONG_PLAN)


class OutlinePlan(TenantModel):
    """OUTCOME: the outline plan agreed at the conference for the family's children on a plan.
    Holding the conference copies it into each child's plan in cases."""

    conference = models.OneToOneField(
        "conferences.Conference", on_delete=models.CASCADE, related_name="outline_plan"
    )
    contingency = models.TextField("contingency plan", blank=True)
    bottom_lines = models.TextField("non-negotiable bottom lines", blank=True)
    resource_plan_review = models.CharField(
        "resource plan reviewed",
        max_length=200,
        blank=True,
        help_text="How often, e.g. every 3 months (PLAN-KINDS).",
    )
    safety_plan_review = models.CharField(
        "safety plan reviewed",
        max_length=200,
        blank=True,
        help_text="How often, e.g. every 2 weeks (PLAN-KINDS).",
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: a stale save is refused.")
    updated_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        pass

    def __str__(self) -> str:
        return f"Outline plan of {self.conference}"


class OutlineItemKind(models.TextChoices):
    DANGER = "danger", "Danger statement"
    SAFETY_GOAL = "safety_goal", "Safety goal"
    OUTCOME = "outcome", "Outcome statement"
    ACTION = "action", "Action"
    CONTACT = "contact", "How often a member sees the child"


class PlanKind(models.TextChoices):
    RESOURCE = "resource", "Resource plan"
    SAFETY = "safety", "Safety plan"


class OutlinePlanItemQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> OutlinePlanItemQuerySet:
        """Agency practitioners see nothing of the live conference, so nothing of its plan here
        either (they get the plan through the minutes)."""
        if membership.role == Role.PRACTITIONER:
            return self.none()
        return self

    def actions(self) -> OutlinePlanItemQuerySet:
        return self.filter(kind=OutlineItemKind.ACTION)


class OutlinePlanItem(TenantModel):
    plan = models.ForeignKey(OutlinePlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=OutlineItemKind.choices)
    text = models.TextField()
    plan_kind = models.CharField(max_length=10, choices=PlanKind.choices, blank=True)
    indicators = models.TextField(blank=True, help_text="What will show us that the child is safe?")
    collected_by = models.CharField(max_length=200, blank=True)
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    answers = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="answered_by"
    )
    frequency = models.CharField(
        max_length=200, blank=True, help_text="How often, e.g. weekly (CG-SEE-CHILD)."
    )
    position = models.PositiveIntegerField(default=0)
    done_on = models.DateField(
        null=True, blank=True, help_text="An action: the day it was done (meets its OUTCOME deadline)."
    )
    not_done_reason = models.TextField(
        blank=True,
        help_text="An action marked done by mistake: why it is not done after all, whole (each version "
        "in its history keeps its own; the history's reason column holds only the start).",
    )
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(OutlinePlanItemQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["plan", "kind", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def owner(self) -> str:
        parts = [self.owner_name, self.owner_agency.name if self.owner_agency_id else ""]
        return ", ".join(p for p in parts if p)


class StepDownRoute(models.TextChoices):
    CIN_PLAN = "cin_plan", "A child in need plan for at least the step-down period"
    LOOKED_AFTER = "looked_after", "Exempt: the child became looked after"
    MOVED_AUTHORITY = "moved_authority", "Exempt: the child moved to another authority"
    OTHER = "other", "No child in need plan: reason recorded, with head of service oversight"


class StepDown(TenantModel):
    """STEPDOWN-CIN-3M: what follows a child protection plan ended at a review."""

    decision = models.OneToOneField(
        "conferences.Decision", on_delete=models.CASCADE, related_name="step_down"
    )
    route = models.CharField(max_length=20, choices=StepDownRoute.choices)
    rationale = models.TextField(blank=True)
    oversight_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        pass

    def __str__(self) -> str:
        return self.get_route_display()
