"""Core groups: the professionals and family members who carry a child protection plan between
conferences. Set up at the initial conference (NEXT-DATES names the members and books the first
meeting); the sweep counts meetings for CG-MIN2."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import Agency, Membership, Venue
from authorities.scoping import TenantModel
from cases.models import Family, Person


class CoreGroup(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="core_groups")
    set_up_at = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "family"])]

    def __str__(self) -> str:
        return f"Core group – {self.family}"


class CoreGroupMember(TenantModel):
    """A member: someone with an account here, a family member (no account), or a free name."""

    core_group = models.ForeignKey(CoreGroup, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    role_label = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["core_group", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role_label})" if self.role_label else self.name


class CoreGroupMeeting(TenantModel):
    core_group = models.ForeignKey(CoreGroup, on_delete=models.CASCADE, related_name="meetings")
    scheduled_at = models.DateTimeField()
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_at_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["scheduled_at"]
        indexes = [models.Index(fields=["authority", "scheduled_at"])]

    def __str__(self) -> str:
        return f"Core group meeting {self.scheduled_at:%d %b %Y %H:%M} – {self.core_group.family}"
