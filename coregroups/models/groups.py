"""A family's core group, its members and its meetings (booked, then held or cancelled)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_datetime
from authorities.models import Agency, Membership, Role, Venue
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from cases.models import Family, Person


class CoreGroupQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> CoreGroupQuerySet:
        """Staff of the authority see every core group; an agency practitioner only the groups
        they are a member of (another one looks like one that does not exist)."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(
            pk__in=CoreGroupMember.objects.for_authority(membership.authority)
            .filter(membership=membership)
            .values("core_group_id")
        )


class MeetingQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> MeetingQuerySet:
        if membership.role != Role.PRACTITIONER:
            return self
        groups = CoreGroup.objects.for_authority(membership.authority).visible_to(membership)
        return self.filter(core_group__in=groups.values("pk"))


class CoreGroup(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="core_groups")
    set_up_at = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(CoreGroupQuerySet)()

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


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class CoreGroupMeeting(TenantModel):
    """A meeting, booked (scheduled_at), then held (held_on, with minutes) or cancelled.
    Moves and cancellations keep their reason in `change_reason` and in the history."""

    core_group = models.ForeignKey(CoreGroup, on_delete=models.CASCADE, related_name="meetings")
    scheduled_at = models.DateTimeField()
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    venue_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where, when not one of the authority's venues (e.g. the family home).",
    )
    booked_at_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.TextField(blank=True, help_text="Why it was last moved or cancelled.")
    clash_reason = models.TextField(
        blank=True, help_text="Why it was booked over another meeting of its social worker or venue."
    )
    # The calendar invitation's SEQUENCE: raised by every move and by the cancellation.
    ics_sequence = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(MeetingQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["scheduled_at"]
        indexes = [models.Index(fields=["authority", "scheduled_at"])]

    def __str__(self) -> str:
        return f"Core group meeting {long_datetime(self.scheduled_at)} – {self.core_group.family}"

    @property
    def status(self) -> str:
        if self.held_on is not None:
            return MeetingStatus.HELD
        if self.cancelled_at is not None:
            return MeetingStatus.CANCELLED
        return MeetingStatus.BOOKED

    @property
    def status_label(self) -> str:
        return MeetingStatus(self.status).label

    @property
    def where(self) -> str:
        return str(self.venue) if self.venue_id else self.venue_note
