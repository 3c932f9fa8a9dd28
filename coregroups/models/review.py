"""Before a review: the core group's recommendation (CG-PRE-REVIEW), the chair's conversation
(DELIST-CONVERSATION), and concerns about attendance that harms the plan (CG-ATTENDANCE)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import Agency, Membership
from authorities.scoping import TenantModel
from cases.models import ChildProtectionPlan

from .groups import CoreGroup, CoreGroupMeeting, CoreGroupMember


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "Continue the plan"
    END = "end", "End the plan"


class PreReviewRecommendation(TenantModel):
    """CG-PRE-REVIEW: what a held core group meeting recommends to the next review for one child's
    plan (continue or end it), and why. The newest one since the last conference is the group's."""

    meeting = models.ForeignKey(CoreGroupMeeting, on_delete=models.CASCADE, related_name="recommendations")
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["meeting", "plan"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "plan"], name="cg_one_recommendation_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.get_recommendation_display()}: {self.plan.child}"


class DelistConversation(TenantModel):
    """DELIST-CONVERSATION: the chair's conversation, before a review, with the social worker or team
    manager who will recommend ending a plan or whose plan has changed (who, when, the outcome)."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="delist_conversations"
    )
    spoke_with = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    spoke_on = models.DateField()
    outcome = models.TextField()
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["conference", "spoke_on", "pk"]

    def __str__(self) -> str:
        return f"Conversation with the chair on {self.spoke_on:%d %B %Y}"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "With the team manager"
    RESOLVED = "resolved", "Resolved with the agency"
    ESCALATED = "escalated", "Escalated in writing"


class AttendanceConcern(TenantModel):
    """CG-ATTENDANCE: poor attendance that harms the plan, flagged by the social worker about the
    meetings it concerns; the team manager answers in writing, resolving it with the agency or
    escalating it (an escalation on the authority's ladder)."""

    core_group = models.ForeignKey(CoreGroup, on_delete=models.CASCADE, related_name="attendance_concerns")
    member = models.ForeignKey(CoreGroupMember, on_delete=models.SET_NULL, null=True, related_name="+")
    member_name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meetings = models.ManyToManyField(
        CoreGroupMeeting, through="AttendanceConcernMeeting", related_name="attendance_concerns"
    )
    harm = models.TextField(help_text="How the missed meetings harm the plan.")
    raised_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    response = models.TextField(blank=True, help_text="The team manager's answer, in writing.")
    responded_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    rule_reason = models.TextField(
        blank=True,
        help_text="Why someone other than the team manager answered, where advised (CG-ATTENDANCE).",
    )
    escalation = models.ForeignKey(
        "scheduling.Escalation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["authority", "status"])]

    def __str__(self) -> str:
        return f"Attendance concern: {self.member_name}"


class AttendanceConcernMeeting(TenantModel):
    """A meeting an attendance concern is about."""

    concern = models.ForeignKey(AttendanceConcern, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(CoreGroupMeeting, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [models.UniqueConstraint(fields=["concern", "meeting"], name="cg_concern_meeting_once")]

    def __str__(self) -> str:
        return f"{self.concern} – {self.meeting}"
