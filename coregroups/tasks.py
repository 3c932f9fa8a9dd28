"""E-mails to core group members, each claimed before it is sent: a `MeetingNotice` row for the
person, the thing and its version is inserted first (a unique constraint refuses a second), so a
task delivered twice, or re-run after a failure, never sends the same e-mail twice; an e-mail that
fails to go gives its claim back."""

from __future__ import annotations

from collections.abc import Callable

from celery import shared_task
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .circulation import minutes_email
from .invitations import Recipient, emailed_members, is_cancelled, meeting_email
from .models import CoreGroupMeeting, CoreGroupMinutes, MeetingNotice


def _claim_and_send(
    meeting: CoreGroupMeeting,
    recipient: Recipient,
    *,
    what: str,
    sequence: int,
    message: Callable[[], EmailMessage],
    sent_by_id: int | None = None,
) -> bool:
    try:
        with transaction.atomic():
            notice = MeetingNotice.objects.create(
                authority_id=meeting.authority_id,
                meeting=meeting,
                membership_id=recipient.membership_id,
                name=recipient.name,
                what=what,
                channel=MeetingNotice.Channel.EMAIL,
                sequence=sequence,
                cancelled=is_cancelled(meeting),
                sent_at=timezone.now(),
                sent_by_id=sent_by_id,
            )
    except IntegrityError:
        return False  # already sent: this version reached them before
    try:
        message().send()
    except Exception:
        MeetingNotice.objects.for_authority(meeting.authority_id).filter(pk=notice.pk).delete()
        raise
    return True


def _meeting_for(authority_id: int, meeting_id: int) -> CoreGroupMeeting | None:
    return (
        CoreGroupMeeting.objects.for_authority(authority_id)
        .select_related("authority", "venue", "core_group__family")
        .filter(pk=meeting_id)
        .first()
    )


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def send_meeting_update(*, authority_id: int, meeting_id: int) -> int:
    """E-mail every member with an account the meeting as it is now (booked, moved or cancelled)."""
    meeting = _meeting_for(authority_id, meeting_id)
    if meeting is None or meeting.held_on is not None:
        return 0
    return sum(
        _claim_and_send(
            meeting,
            recipient,
            what=MeetingNotice.What.MEETING,
            sequence=meeting.ics_sequence,
            message=lambda r=recipient: meeting_email(meeting, r),
        )
        for recipient in emailed_members(meeting)
    )


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def send_minutes(*, authority_id: int, meeting_id: int, sent_by_id: int | None = None) -> int:
    """E-mail every member with an account a link to the minutes' professional version."""
    meeting = _meeting_for(authority_id, meeting_id)
    minutes = (
        CoreGroupMinutes.objects.for_authority(authority_id).filter(meeting_id=meeting_id).first()
        if meeting is not None and meeting.held_on
        else None
    )
    if minutes is None:
        return 0
    return sum(
        _claim_and_send(
            meeting,
            recipient,
            what=MeetingNotice.What.MINUTES_PROFESSIONAL,
            sequence=minutes.version,
            message=lambda r=recipient: minutes_email(meeting, minutes, r),
            sent_by_id=sent_by_id,
        )
        for recipient in emailed_members(meeting)
    )
