"""Deadlines, escalations and notifications: the rows every screen, dashboard and sweep reads.

Domain services open and close deadlines when things happen; this app imports no domain app
(what a deadline is about is a generic relation; the family it belongs to is an id, whose foreign key
and cascade the cases app adds from above: see `families`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_date, long_datetime
from authorities.models import Membership, Mode, Role
from authorities.refusals import in_words
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel

from .engine import DeadlineStatus
from .families import family_link


class DeadlineQuerySet(AuthorityQuerySet):
    def open(self) -> DeadlineQuerySet:
        return self.filter(met_on__isnull=True, cancelled_at__isnull=True)

    def for_subject(self, subject: models.Model) -> DeadlineQuerySet:
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)

    def visible_to(self, membership: Membership) -> DeadlineQuerySet:
        """Agency practitioners see only the deadlines they are responsible for (their reports)."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(responsible=membership)


class Deadline(TenantModel):
    """A statutory or local timescale running for one thing (a strategy discussion, a
    conference, an invitation, a plan), with its due date and status."""

    NOT_YET_LATE = (DeadlineStatus.NOT_DUE, DeadlineStatus.DUE_SOON, DeadlineStatus.DUE_TODAY)

    rule_id = models.CharField(max_length=40)
    mode = models.CharField(max_length=10, choices=Mode.choices, help_text="The rule's mode when opened.")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    family_id = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The case (family) this belongs to, if any."
    )
    family = family_link()
    label = models.CharField(max_length=300, help_text="What is due, in words.")
    event_on = models.DateField(help_text="The event the timescale counts from.")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=[(s.value, s.label) for s in DeadlineStatus], default=DeadlineStatus.NOT_DUE
    )
    met_on = models.DateField(null=True, blank=True)
    booked_for = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the meeting booked to meet this deadline, if one is booked.",
    )
    late_reason = models.TextField(blank=True)
    responsible = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    status_changed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(DeadlineQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "rule_id", "subject_type", "subject_id"],
                name="deadline_one_per_subject_rule",
            )
        ]
        indexes = [
            models.Index(fields=["authority", "status", "due_on"]),
            models.Index(fields=["authority", "family_id"]),
            models.Index(fields=["subject_type", "subject_id"]),
            # The sweep and the managers' dashboard read only open deadlines, per authority, by
            # due date (the dashboard counts them per rule): keep that set small to scan, and
            # answer the dashboard's grouped counts from the index alone.
            models.Index(
                fields=["authority", "due_on", "rule_id"],
                condition=Q(met_on__isnull=True, cancelled_at__isnull=True),
                name="deadline_open_by_due_rule",
            ),
            # Timeliness against statute counts deadlines met per rule and month.
            models.Index(
                fields=["authority", "met_on", "rule_id"],
                condition=Q(met_on__isnull=False),
                name="deadline_met_by_day_rule",
            ),
        ]

    def __str__(self) -> str:
        return in_words(f"{self.label}, due {long_date(self.due_on)}", self.rule_id)

    @property
    def status_enum(self) -> DeadlineStatus:
        return DeadlineStatus(self.status)


class EscalationKind(models.TextChoices):
    DEADLINE = "deadline", "Deadline overdue"
    UNBOOKED = "unbooked", "Due soon, nothing booked"
    PLAN_NOT_PROGRESSING = "plan_not_progressing", "Plan not progressing"
    POOR_ATTENDANCE = "poor_attendance", "Poor attendance"
    SCORE_ALL_ZERO = "score_all_zero", "Scores at zero (SCORE-ALL-ZERO)"
    OTHER = "other", "Other"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    MOVED_UP = "moved_up", "Moved up a level"
    RESOLVED = "resolved", "Resolved"


class EscalationQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> EscalationQuerySet:
        """Escalations are internal to the authority's staff: agency practitioners see none but
        their own."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(raised_by=membership)

    def unresolved(self) -> EscalationQuerySet:
        return self.filter(status__in=(EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED))


class Escalation(TenantModel):
    """One rung of the authority's escalation ladder (ESCALATION) for one concern.
    Moving up closes this row as MOVED_UP and opens the next level's row."""

    kind = models.CharField(max_length=30, choices=EscalationKind.choices)
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations"
    )
    family_id = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The case (family) this belongs to, if any."
    )
    family = family_link()
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_level"
    )
    level = models.PositiveSmallIntegerField()
    level_label = models.CharField(max_length=200)
    roles = models.JSONField(default=list, help_text="Roles at this rung, from the rule set's ladder.")
    reason = models.TextField()
    raised_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    respond_by = models.DateField(help_text="Moves up a level if not resolved by then.")
    status = models.CharField(max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(EscalationQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-raised_at"]
        constraints = [
            # One per deadline, concern and rung: "nothing booked" and "overdue" are separate
            # concerns about the same deadline (the sweep raises the second only once the first
            # is resolved), and a rerun of the sweep raises neither twice.
            models.UniqueConstraint(
                fields=["deadline", "kind", "level"],
                condition=Q(deadline__isnull=False),
                name="escalation_one_per_deadline_kind_level",
            )
        ]
        indexes = [models.Index(fields=["authority", "status", "respond_by"])]

    def __str__(self) -> str:
        return f"Level {self.level} ({self.level_label}): {self.get_kind_display()}"


class EscalationEvent(TenantModel):
    """Every step taken on an escalation: raised, acknowledged, commented, moved up, resolved."""

    class Action(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        COMMENTED = "commented", "Commented"
        MOVED_UP = "moved_up", "Moved up"
        RESOLVED = "resolved", "Resolved"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {long_datetime(self.at)}"


class NotificationQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> NotificationQuerySet:
        """Each person sees only what was sent to them."""
        return self.filter(recipient_id=membership.user_id)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(TenantModel):
    """What a person was told, in the app and (where sent) by e-mail."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        REPORT_REMINDER = "report_reminder", "Report reminder"
        DEADLINE = "deadline", "Deadline coming up"
        ESCALATION = "escalation", "Escalation"
        PLAN_CHANGE = "plan_change", "Plan change"
        CONFERENCE_CHANGED = "conference_changed", "Conference moved or cancelled"
        OTHER = "other", "Other"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(
        max_length=200, blank=True, help_text="Same key, same person: sent once (reruns change nothing)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = AuthorityManager.from_queryset(NotificationQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once",
            )
        ]
        indexes = [models.Index(fields=["authority", "recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
