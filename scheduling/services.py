"""Opening, meeting and cancelling deadlines, and telling people things.

Domain services call these when events happen (a strategy discussion starts section 47
enquiries → ICPC-15WD opens; the conference is held → it is met). Every date comes from the
engine, judged by the rule set in force on the event's date."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.human_dates import long_date
from authorities.models import Authority, Membership, Mode, RuleSet
from authorities.selectors import rule_set_in_force

from .calendars import calendar_for, timescale_of
from .engine import DeadlineStatus, Timescale, WorkingCalendar, due_date, status_on
from .models import Deadline, Escalation, EscalationEvent, EscalationKind, EscalationStatus, Notification


def deadline_for(*, authority: Authority | int, rule_id: str, subject: models.Model) -> Deadline | None:
    return Deadline.objects.for_authority(authority).for_subject(subject).filter(rule_id=rule_id).first()


def open_deadline(
    *,
    authority: Authority,
    rule_id: str,
    subject: models.Model,
    event_on: date,
    label: str,
    family_id: int | None = None,
    responsible: Membership | None = None,
    rule_set: RuleSet | None = None,
    calendar: WorkingCalendar | None = None,
    today: date | None = None,
    timescale: Timescale | None = None,
    mode: str | None = None,
) -> Deadline | None:
    """Open (or move, when its event moved) the deadline of `rule_id` for `subject`.
    Returns None where the rule is off in this authority.

    `timescale` replaces the rule's own where its values state it another way (CG-MIN2 counts
    `flag_working_days_before_review` back from the review's due date); `mode` replaces the
    rule's mode where the row must escalate less than the rule does (an action point's own
    date under OUTCOME is flagged, not escalated), never to open a rule that is off."""
    rule_set = rule_set or rule_set_in_force(authority, on=event_on)
    rule_mode = rule_set.mode(rule_id)
    if rule_mode == Mode.OFF:
        return None
    mode = mode or rule_mode
    calendar = calendar or calendar_for(authority)
    due_on = due_date(timescale or timescale_of(rule_set, rule_id), event_on, calendar)
    today = today or timezone.localdate()
    status = status_on(
        due=due_on, today=today, calendar=calendar, due_soon_working_days=rule_set.due_soon_working_days
    )
    deadline, _ = Deadline.framework_objects.update_or_create(
        authority=authority,
        rule_id=rule_id,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        defaults={
            "mode": mode,
            "family_id": family_id,
            "label": label,
            "event_on": event_on,
            "due_on": due_on,
            "status": status,
            "status_changed_on": today,
            "met_on": None,
            "cancelled_at": None,
            "responsible": responsible,
        },
    )
    return deadline


def meet_deadline(
    *, authority: Authority, rule_id: str, subject: models.Model, met_on: date, reason: str = ""
) -> Deadline | None:
    """Record that what was due happened on `met_on` (on the due date is on time)."""
    deadline = deadline_for(authority=authority, rule_id=rule_id, subject=subject)
    if deadline is None:
        return None
    deadline.met_on = met_on
    deadline.status = DeadlineStatus.MET_ON_TIME if met_on <= deadline.due_on else DeadlineStatus.MET_LATE
    deadline.status_changed_on = timezone.localdate()
    if reason:
        deadline.late_reason = reason
    deadline.save(update_fields=["met_on", "status", "status_changed_on", "late_reason"])
    return deadline


def reopen_deadline(*, authority: Authority, rule_id: str, subject: models.Model) -> Deadline | None:
    """Undo a `meet_deadline` (e.g. the meeting that met it was cancelled)."""
    deadline = deadline_for(authority=authority, rule_id=rule_id, subject=subject)
    if deadline is None or deadline.met_on is None:
        return deadline
    today = timezone.localdate()
    deadline.met_on = None
    deadline.status = status_on(due=deadline.due_on, today=today, calendar=calendar_for(authority))
    deadline.status_changed_on = today
    deadline.save(update_fields=["met_on", "status", "status_changed_on"])
    return deadline


def cancel_deadline(
    *, authority: Authority, rule_id: str, subject: models.Model, reason: str = "cancelled"
) -> None:
    """The timescale no longer runs (the case closed, the plan ended)."""
    _cancel(
        Deadline.objects.for_authority(authority).for_subject(subject).filter(rule_id=rule_id), reason=reason
    )


def close_open_deadlines(
    *, authority: Authority | int, rule_id: str, subjects: list[models.Model], reason: str
) -> int:
    """Stop the deadlines of `rule_id` about these subjects that were never met (their meeting is
    over); the met ones keep their record for the timeliness figures. Returns how many stopped."""
    if not subjects:
        return 0
    subject_type = ContentType.objects.get_for_model(subjects[0])
    return _cancel(
        Deadline.objects.for_authority(authority).filter(
            rule_id=rule_id,
            subject_type=subject_type,
            subject_id__in=[subject.pk for subject in subjects],
            met_on__isnull=True,
        ),
        reason=reason,
    )


def cancel_family_deadlines(*, authority: Authority, family_id: int, rule_id: str, reason: str) -> int:
    """Every open deadline of `rule_id` about the family stops (e.g. OUTCOME actions, from the
    conference's plan and from core groups, once every child's plan has ended). Returns how many."""
    return _cancel(
        Deadline.objects.for_authority(authority).filter(
            family_id=family_id, rule_id=rule_id, met_on__isnull=True
        ),
        reason=reason,
    )


def hand_deadlines_to(
    *,
    authority: Authority | int,
    rule_id: str,
    subject_model: type[models.Model],
    subject_ids: list[int],
    responsible: Membership,
    reason: str,
) -> int:
    """Make `responsible` answer for the deadlines of `rule_id` about these subjects (an invitee
    who joined takes over their report's REPORT-2WD). Returns how many."""
    deadlines = Deadline.objects.for_authority(authority).filter(
        rule_id=rule_id,
        subject_type=ContentType.objects.get_for_model(subject_model),
        subject_id__in=subject_ids,
    )
    count = 0
    for deadline in deadlines:
        deadline.responsible = responsible
        stamp(deadline, by=responsible, reason=reason)
        deadline.save(update_fields=["responsible"])
        count += 1
    return count


def _cancel(deadlines: models.QuerySet, *, reason: str) -> int:
    """Row by row rather than one update(), so each cancellation keeps its history (who: the
    request's user, by simple-history's middleware; why: `reason`)."""
    now = timezone.now()
    count = 0
    for deadline in deadlines.filter(cancelled_at__isnull=True):
        deadline.cancelled_at = now
        deadline._change_reason = reason[:100]
        deadline.save(update_fields=["cancelled_at"])
        count += 1
    return count


@transaction.atomic
def record_booking(
    *,
    authority: Authority | int,
    rule_id: str,
    subject: models.Model,
    booked_for: date | None,
    by: Membership | None = None,
) -> Deadline | None:
    """Say that the meeting that meets this deadline is booked for `booked_for` (None: nothing booked
    any more, e.g. the conference was cancelled). The sweep escalates a deadline that is close with
    nothing booked (ESCALATION, `unbooked_within_working_days`); booking resolves that escalation."""
    deadline = deadline_for(authority=authority, rule_id=rule_id, subject=subject)
    if deadline is None or deadline.cancelled_at is not None:
        return deadline
    if deadline.booked_for != booked_for:
        deadline.booked_for = booked_for
        deadline._history_user = by.user if by else None
        deadline._change_reason = f"booked for {long_date(booked_for)}" if booked_for else "booking cancelled"
        deadline.save(update_fields=["booked_for"])
    if booked_for is not None:
        _resolve_unbooked(deadline, booked_for=booked_for, by=by)
    return deadline


def _resolve_unbooked(deadline: Deadline, *, booked_for: date, by: Membership | None) -> None:
    note = f"Resolved: a meeting is now booked for {long_date(booked_for)}."
    unresolved = Escalation.objects.for_authority(deadline.authority_id).filter(
        deadline=deadline,
        kind=EscalationKind.UNBOOKED,
        status__in=(EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED),
    )
    for escalation in unresolved.select_for_update():
        escalation.status = EscalationStatus.RESOLVED
        escalation.resolved_at = timezone.now()
        escalation.resolution = note
        escalation._history_user = by.user if by else None
        escalation._change_reason = "resolved: meeting booked"
        escalation.save(update_fields=["status", "resolved_at", "resolution"])
        EscalationEvent.objects.create(
            authority_id=deadline.authority_id,
            escalation=escalation,
            action=EscalationEvent.Action.RESOLVED,
            by=by,
            note=note,
        )


def notify(
    *,
    authority: Authority | int,
    recipient,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> Notification | None:
    """Tell a person something in the app and, after commit, by e-mail. A repeated
    `dedupe_key` for the same person is a no-op (returns None), so reruns send nothing twice."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    if dedupe_key:
        notification, created = Notification.framework_objects.get_or_create(
            authority_id=authority_id,
            recipient=recipient,
            dedupe_key=dedupe_key,
            defaults={"kind": kind, "subject": subject, "body": body, "url": url},
        )
        if not created:
            return None
    else:
        notification = Notification.objects.create(
            authority_id=authority_id, recipient=recipient, kind=kind, subject=subject, body=body, url=url
        )
    if email and recipient.email:
        from .tasks import email_notification

        transaction.on_commit(
            lambda: email_notification.delay(authority_id=authority_id, notification_id=notification.pk)
        )
    return notification


def mark_notifications_read(*, by: Membership, notification_id: int | None = None) -> int:
    """Marks what was sent to `by` as read: one notification, or (no id) every unread one. Only the
    person's own in the membership's authority are reached; one already read keeps when it was
    read. Returns how many changed."""
    mine = Notification.objects.for_authority(by.authority).visible_to(by).unread()
    if notification_id is not None:
        mine = mine.filter(pk=notification_id)
    return mine.update(read_at=timezone.now())
