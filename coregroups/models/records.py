"""What is recorded about a held meeting (CG-MINUTES: the minutes, who attended, progress and
changes to the plan, action points) and who was sent what about each meeting."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.models import Membership, Role
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from cases.models import ChildProtectionPlan, Person, PlanItem

from .groups import CoreGroup, CoreGroupMeeting, CoreGroupMember


class ActionQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> ActionQuerySet:
        if membership.role != Role.PRACTITIONER:
            return self
        groups = CoreGroup.objects.for_authority(membership.authority).visible_to(membership)
        return self.filter(minutes__meeting__core_group__in=groups.values("pk"))


class NoticeQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> NoticeQuerySet:
        if membership.role != Role.PRACTITIONER:
            return self
        groups = CoreGroup.objects.for_authority(membership.authority).visible_to(membership)
        return self.filter(meeting__core_group__in=groups.values("pk"))


class Agreement(models.TextChoices):
    AGREED = "agreed", "Agreed"
    DISPUTED = "disputed", "Disputed"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class CoreGroupMinutes(TenantModel):
    """CG-MINUTES: what a held meeting recorded. One per held meeting; the rows below hang off it."""

    meeting = models.OneToOneField(CoreGroupMeeting, on_delete=models.CASCADE, related_name="minutes")
    purpose = models.TextField(blank=True)
    chaired_by = models.CharField(max_length=200, blank=True)
    minutes_by = models.CharField("notes taken by", max_length=200, blank=True)
    chair_minuter_reason = models.TextField(
        blank=True, help_text="Why the chair also took the notes (CG-CHAIR-NOT-MINUTER)."
    )
    reports_from_absent = models.TextField(blank=True)
    child_voice = models.TextField("the child's voice", blank=True)
    summary = models.TextField(blank=True)
    no_plan_changes = models.BooleanField(default=False)
    action_points_checked = models.BooleanField(
        default=False, help_text="The action points were read back and checked before the meeting ended."
    )
    minutes_reason = models.TextField(
        blank=True, help_text="Why parts of the minutes are missing, where the rule is advised (CG-MINUTES)."
    )
    late_reason = models.TextField(blank=True)
    next_meeting = models.ForeignKey(
        CoreGroupMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Corrections after the meeting: each one bumps `version` (a stale edit is refused, never
    # silently overwritten) and leaves a history row holding who, when, why and what changed.
    version = models.PositiveIntegerField(default=1)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction_reason = models.TextField(blank=True, help_text="Why the minutes were last corrected.")
    corrected_parts = models.TextField(blank=True, help_text="What the last correction changed.")
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        verbose_name_plural = "core group minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class CoreGroupAttendance(TenantModel):
    """Who attended, sent apologies or was absent: members with accounts and family members alike."""

    minutes = models.ForeignKey(CoreGroupMinutes, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        CoreGroupMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    role_label = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["minutes", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"


class CoreGroupPlanNote(TenantModel):
    """Per plan item: progress and whether the group agreed it (disputed: why); or, with no item,
    a change to a child's plan (PLAN-CHANGES: carried to the chair before the review)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress"
        CHANGE = "change", "Change to the plan"

    minutes = models.ForeignKey(CoreGroupMinutes, on_delete=models.CASCADE, related_name="plan_notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField()
    agreement = models.CharField(max_length=10, choices=Agreement.choices, blank=True)
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["minutes", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="change") | Q(plan_item__isnull=False), name="cg_progress_names_an_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class CoreGroupAction(TenantModel):
    """An action point agreed at a core group (owner, due date); its due date is a deadline row."""

    minutes = models.ForeignKey(CoreGroupMinutes, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(ActionQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Action: {self.text[:60]}"

    @property
    def owner_label(self) -> str:
        if self.owner_id and not self.owner_name:
            return self.owner.user.display_name
        return self.owner_name


class MeetingNotice(TenantModel):
    """Who was sent what about a meeting, how and when: the meeting itself (each version, by
    e-mail with an .ics to members with an account, by letter to family members) and its minutes
    (professionals by e-mail, a link to the professional version; family members the family version
    by letter). Keyed by the person rather than the member row, which is replaced when a conference
    names the members again; one row per person, thing and version, so nothing is sent twice."""

    class What(models.TextChoices):
        MEETING = "meeting", "Meeting details"
        MINUTES_PROFESSIONAL = "minutes_professional", "Minutes, professional version"
        MINUTES_FAMILY = "minutes_family", "Minutes, family version"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"

    meeting = models.ForeignKey(CoreGroupMeeting, on_delete=models.CASCADE, related_name="notices")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    what = models.CharField(max_length=30, choices=What.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sequence = models.PositiveIntegerField(help_text="The meeting's SEQUENCE, or the minutes' version.")
    cancelled = models.BooleanField(default=False, help_text="It told them the meeting is cancelled.")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = AuthorityManager.from_queryset(NoticeQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["authority", "meeting"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "what", "sequence", "membership"],
                condition=Q(membership__isnull=False),
                name="cg_notice_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "what", "sequence", "person"],
                condition=Q(person__isnull=False),
                name="cg_notice_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} to {self.name} ({self.get_channel_display()})"
