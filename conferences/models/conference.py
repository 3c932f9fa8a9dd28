"""Conferences (initial, review, midway), the children they are for, who is invited, and what is
asked of the chair and recorded before the day. What is decided in the room is in `room.py`."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities import selectors as authority_selectors
from authorities.dates import local_day
from authorities.human_dates import long_date
from authorities.models import Agency, Membership, Role, RuleSet, Venue
from authorities.rules.ids import RuleId
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from cases.models import Child, Family, Person, StrategyDiscussion


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial conference"
    REVIEW = "review", "Review conference"
    MIDWAY = "midway", "Midway review"


class ConferenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    HELD = "held", "Held"
    ADJOURNED = "adjourned", "Adjourned"
    CANCELLED = "cancelled", "Cancelled"


class ConferenceQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> ConferenceQuerySet:
        """A practitioner sees only conferences they are invited to."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(invitations__membership=membership).distinct()

    def upcoming(self, today) -> ConferenceQuerySet:
        return self.filter(starts_at__date__gte=today, status=ConferenceStatus.SCHEDULED)


class Conference(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="conferences")
    children = models.ManyToManyField(Child, through="ConferenceChild", related_name="conferences")
    kind = models.CharField(max_length=10, choices=ConferenceKind.choices)
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        help_text="For an initial conference: the discussion that started section 47 enquiries.",
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a review: the conference it follows.",
    )
    starts_at = models.DateTimeField()
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    virtual_link = models.URLField(blank=True)
    chair = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    social_worker = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.SCHEDULED
    )
    late_reason = models.TextField(blank=True, help_text="Why it is outside its statutory timescale.")
    change_reason = models.TextField(blank=True, help_text="Why it was last moved or cancelled.")
    clash_reason = models.TextField(
        blank=True, help_text="Why it was booked over another meeting of its chair, social worker or venue."
    )
    ics_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    ics_sequence = models.PositiveIntegerField(default=0)
    rule_reasons = models.JSONField(
        default=dict, blank=True, help_text="Reasons recorded for going ahead against a rule, by rule id."
    )
    # Before the conference
    separate_attendance = models.TextField(
        "separate attendance arrangements",
        blank=True,
        help_text="Court orders, bail conditions or domestic abuse that keep parents apart (SEPARATE).",
    )
    pre_meeting_on = models.DateField("chair's pre-meeting with parents", null=True, blank=True)
    pre_meeting_notes = models.TextField(blank=True)
    danger_statement_draft = models.TextField(blank=True)
    sw_report = models.TextField("social worker's report", blank=True)
    draft_plan = models.TextField(blank=True)
    sw_report_shared_professionals_on = models.DateField(null=True, blank=True)
    sw_report_shared_family_on = models.DateField(null=True, blank=True)
    # In the room
    quorum_override_reason = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    # Set only when the chair starts it on a day other than the one booked: what counts from the
    # conference (next review, first core group, minutes) counts from the day it was really held.
    held_day = models.DateField("day it was held, if not the day booked", null=True, blank=True)
    held_day_reason = models.TextField("why it was held on another day", blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    first_core_group_at = models.DateTimeField(null=True, blank=True)
    first_core_group_venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_told_by = models.CharField(
        max_length=200, blank=True, help_text="Who tells the child the outcome and shares the safety plan."
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: a stale save is refused.")
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(ConferenceQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["authority", "starts_at"]),
            models.Index(fields=["authority", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.family} – {long_date(self.starts_at)}"

    @property
    def day(self) -> date:
        """The day the conference is held, as the authority counts it (its rules are judged by it):
        the day it was booked for, unless the chair recorded that it was held on another day."""
        return self.held_day or self.booked_day

    @property
    def booked_day(self) -> date:
        return local_day(self.starts_at)

    @property
    def is_review(self) -> bool:
        """A review (including a midway review), as opposed to an initial conference."""
        return self.kind in (ConferenceKind.REVIEW, ConferenceKind.MIDWAY)

    def offers_step_down(self, rule_set: RuleSet) -> bool:
        """STEPDOWN-CIN-3M: a review that ends a plan records what follows it, where the rule set
        has the rule on (an initial conference starts plans; it ends none)."""
        return self.is_review and rule_set.is_on(RuleId.STEPDOWN_CIN_3M)

    def rule_set_in_force(self) -> RuleSet:
        """The authority's rule set in force on the conference's day. Kept on this instance for the
        same authority and day: one page asks it from several places (the live page, the review
        briefing, the next dates), and an instance lives for one request or task."""
        key = (self.authority_id, self.day)
        kept = self.__dict__.get("_rule_set_in_force")
        if kept is None or kept[0] != key:
            kept = self.__dict__["_rule_set_in_force"] = (
                key,
                authority_selectors.rule_set_in_force(self.authority_id, on=self.day),
            )
        return kept[1]


class ConferenceChild(TenantModel):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="conference_children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [models.UniqueConstraint(fields=["conference", "child"], name="conference_child_once")]
        verbose_name = "child at a conference"
        verbose_name_plural = "children at conferences"

    def __str__(self) -> str:
        return f"{self.child} at {self.conference}"


class InviteeKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "Child"
    ADVOCATE = "advocate", "Advocate"
    INTERPRETER = "interpreter", "Interpreter"
    OBSERVER = "observer", "Observer"


# Who sends a report to a conference, with a REPORT-2WD deadline and reminders: agencies, and
# advocates (whose reports go under the child's voice). Parents' written views are sent by the
# social worker on their behalf (PARENT-VIEWS).
REPORTING_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE)


class InvitedBy(models.TextChoices):
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", "Not yet known"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class ViewsRoute(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ADVOCATE = "advocate", "Through an advocate"
    WRITTEN = "written", "In writing"
    SOCIAL_WORKER = "social_worker", "Through the social worker"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate (age or understanding)"


class InvitationQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> InvitationQuerySet:
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(
            conference__in=Conference.objects.for_authority(membership.authority).visible_to(membership)
        )

    def professionals(self) -> InvitationQuerySet:
        return self.filter(kind=InviteeKind.PROFESSIONAL)


class Invitation(TenantModel):
    """Someone invited to a conference: a professional (with or without an account yet), a family
    member (no account: invited by letter or in person), the child, an advocate or interpreter."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=20, choices=InviteeKind.choices)
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role_label = models.CharField(max_length=200, blank=True, help_text='e.g. "Health visitor".')
    invited_by = models.CharField(max_length=20, choices=InvitedBy.choices, default=InvitedBy.EMAIL)
    invited_at = models.DateTimeField(null=True, blank=True)
    # CHILD-PARTICIPATION
    wishes_to_attend = models.BooleanField(null=True, blank=True)
    views_route = models.CharField(max_length=20, choices=ViewsRoute.choices, blank=True)
    # REPORT-PROXY
    cannot_attend = models.BooleanField(default=False)
    proxy_name = models.CharField("briefed colleague attending instead", max_length=200, blank=True)
    # In the room
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN)
    attended_by_proxy = models.BooleanField(default=False)
    non_attendance_letter_sent_on = models.DateField(null=True, blank=True)
    # The .ics SEQUENCE last e-mailed to this invitee: a rerun of the send task claims nothing twice.
    ics_sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    rule_reasons = models.JSONField(
        default=dict, blank=True, help_text="Reasons recorded for going ahead against a rule, by rule id."
    )
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(InvitationQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["conference", "kind", "name"]
        indexes = [
            models.Index(fields=["authority", "conference", "kind"]),
            models.Index(fields=["authority", "membership"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "membership"],
                condition=Q(membership__isnull=False),
                name="invitation_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=Q(person__isnull=False),
                name="invitation_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role_label or self.get_kind_display()})"


class RequestDecision(models.TextChoices):
    PENDING = "pending", "Waiting for the chair"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class RequestQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> RequestQuerySet:
        """Requests to the chair on the conferences this member can see (a practitioner: invited)."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(
            conference__in=Conference.objects.for_authority(membership.authority).visible_to(membership)
        )


class ProfessionalSlotRequest(TenantModel):
    """PROF-SLOT: information not shared with the family. Its content never reaches family outputs."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="slot_requests")
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        max_length=10, choices=RequestDecision.choices, default=RequestDecision.PENDING
    )
    decided_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    late_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(RequestQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"Professional slot for {self.conference}"


class ObserverRequest(TenantModel):
    """OBSERVER: asked of the chair before the day; the family must agree too."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="observer_requests")
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    observer_name = models.CharField(max_length=200)
    observer_role = models.CharField(max_length=200)
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        max_length=10, choices=RequestDecision.choices, default=RequestDecision.PENDING
    )
    decided_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    family_agreed = models.BooleanField(null=True, blank=True)
    family_agreement_recorded_at = models.DateTimeField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(RequestQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"Observer {self.observer_name} at {self.conference}"

    @property
    def admitted(self) -> bool:
        return self.decision == RequestDecision.APPROVED and self.family_agreed is True


class FamilyNeeds(TenantModel):
    """FAMILY-NEEDS: recorded before the conference."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="family_needs")
    advocacy = models.TextField(blank=True)
    interpreter = models.TextField(blank=True)
    transport = models.TextField(blank=True)
    childcare = models.TextField(blank=True)
    accessibility = models.TextField(blank=True)
    social_worker_met_family_on = models.DateField(null=True, blank=True)
    written_information_given_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        verbose_name_plural = "family needs"

    def __str__(self) -> str:
        return f"Family needs for {self.conference}"
