"""Letters sent to family members (FAMILY-INVITE): who was sent which version of the conference,
when and by whom. Family members have no accounts, so a move reaches them only by a new letter."""

from __future__ import annotations

from django.db import models

from authorities.models import Membership
from authorities.scoping import TenantModel

from .conference import Conference, Invitation


class FamilyLetter(TenantModel):
    """One letter produced for one invitee. `sequence` is the conference's `ics_sequence` when it
    was produced (the version the letter describes), `starts_at` the date and time it gave."""

    class Kind(models.TextChoices):
        MOVED = "moved", "New date"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="family_letters")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MOVED)
    sequence = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    produced_at = models.DateTimeField()
    produced_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta(TenantModel.Meta):
        ordering = ["produced_at", "pk"]
        indexes = [models.Index(fields=["authority", "conference"])]

    def __str__(self) -> str:
        return f"Letter to {self.invitation.name} ({self.produced_at:%d %b %Y})"
