"""What is decided in the room: the notes under each agenda section, each professional's opinion
per child, the chair's decision per child, and any dissent from it."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import Membership
from authorities.scoping import TenantModel
from cases.models import Category, Child

from .conference import Conference, Invitation


class AgendaNote(TenantModel):
    """The notes under one agenda section (the section keys come from the rule set's framework)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_notes")
    section_key = models.CharField(max_length=60)
    text = models.TextField(blank=True)
    family_visible = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [models.UniqueConstraint(fields=["conference", "section_key"], name="agenda_note_once")]

    def __str__(self) -> str:
        return f"{self.section_key} – {self.conference}"


class Opinion(TenantModel):
    """OPINION: one professional's view for one child."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="opinions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="opinions")
    plan_needed = models.BooleanField(null=True, blank=True, help_text="Empty: abstained.")
    reasons = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["conference", "child", "invitation"], name="opinion_once")
        ]

    def __str__(self) -> str:
        return f"{self.invitation} on {self.child}"


class DecisionOutcome(models.TextChoices):
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CONTINUE_PLAN = "continue", "Continue the child protection plan"
    END_PLAN = "end", "End the child protection plan"


class Decision(TenantModel):
    """DECISION: the chair's decision for one child."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="decisions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="decision_once_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.child}"


class Dissent(TenantModel):
    """DISSENT: a professional's formally recorded disagreement with a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="dissents")
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Dissent by {self.invitation}"
