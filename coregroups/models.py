"""Core groups: the professionals and family members who carry a child protection plan between
conferences. Set up at the initial conference (NEXT-DATES names the members and books the first
meeting); the sweep counts meetings for CG-MIN2."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_datetime
from authorities.models import Agency, Membership, Role, Venue
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from cases.models import ChildProtectionPlan, Family, Person, PlanItem


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
        blank=True, help_text="CG-CHAIR-NOT-MINUTER: why the chair also took the notes."
    )
    reports_from_absent = models.TextField(blank=True)
    child_voice = models.TextField("the child's voice", blank=True)
    summary = models.TextField(blank=True)
    no_plan_changes = models.BooleanField(default=False)
    action_points_checked = models.BooleanField(
        default=False, help_text="The action points were read back and checked before the meeting ended."
    )
    minutes_reason = models.TextField(blank=True, help_text="CG-MINUTES: why parts are missing (advised).")
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
        blank=True, help_text="CG-ATTENDANCE (advised): why someone other than the team manager answered."
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
