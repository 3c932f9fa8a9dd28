"""Telling core group members about a meeting, as conferences tell their invitees: members with
an account are e-mailed the meeting with an .ics (one UID for the meeting's life, SEQUENCE raised
by each move and the cancellation, METHOD:CANCEL when cancelled); family members, who have no
accounts (CG-MINUTES: "family members are core group members too"), are sent a letter, which the
page lists until it is produced. Every e-mail and letter is a `MeetingNotice` row.

What leaves the system is the case reference, the date, the place and a link: no family or child
name and no typed reason (why it moved) in an e-mail or a calendar entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from authorities.human_dates import long_date, long_date_with_weekday
from authorities.models import Membership
from authorities.refusals import refusal
from cases.models import Child
from scheduling.clashes import CORE_GROUP_SLOT
from scheduling.ics import CalendarEvent, event_ics

from .models import CoreGroupMeeting, CoreGroupMember, MeetingNotice
from .permissions import _meeting, may_convene

PRODID = "-//Child protection conferences//Core group meetings//EN"


@dataclass(frozen=True)
class Recipient:
    membership_id: int
    name: str
    email: str


def meeting_url(meeting: CoreGroupMeeting) -> str:
    path = reverse(
        "coregroups:core-group",
        kwargs={"authority_slug": meeting.authority.slug, "pk": meeting.core_group_id},
    )
    return f"{settings.SITE_URL}{path}"


def case_of(meeting: CoreGroupMeeting) -> str:
    return f"case {meeting.core_group.family.case_reference}"


def location_for(meeting: CoreGroupMeeting) -> str:
    if meeting.venue_id:
        address = meeting.venue.address.replace("\n", ", ")
        return f"{meeting.venue.name}, {address}" if address else meeting.venue.name
    return meeting.venue_note


def is_cancelled(meeting: CoreGroupMeeting) -> bool:
    return meeting.cancelled_at is not None


def meeting_event(meeting: CoreGroupMeeting) -> CalendarEvent:
    cancelled = is_cancelled(meeting)
    lines = [f"Core group meeting: {case_of(meeting)}."]
    if cancelled:
        lines.append("This meeting is cancelled: the reason is on the core group page.")
    elif meeting.ics_sequence:
        lines.append("The meeting has been moved: the reason is on the core group page.")
    lines.append(f"Details (sign in): {meeting_url(meeting)}")
    return CalendarEvent(
        uid=f"core-group-meeting-{meeting.pk}@cpc",
        sequence=meeting.ics_sequence,
        cancelled=cancelled,
        starts_at=meeting.scheduled_at,
        ends_at=meeting.scheduled_at + CORE_GROUP_SLOT,
        summary=f"Core group meeting: {case_of(meeting)}",
        location=location_for(meeting),
        description="\n".join(lines),
        url=meeting_url(meeting),
        organizer_name=meeting.authority.name,
    )


def meeting_email(meeting: CoreGroupMeeting, recipient: Recipient) -> EmailMessage:
    event = meeting_event(meeting)
    when = timezone.localtime(meeting.scheduled_at)
    at = f"{long_date_with_weekday(when.date())} at {when:%H:%M}"
    lines = [f"Dear {recipient.name},", ""]
    if event.cancelled:
        prefix = "Cancelled: "
        lines += [
            f"The core group meeting for {case_of(meeting)} on {at} is cancelled. "
            "The reason is on the core group page:",
            event.url,
        ]
    else:
        prefix = "Moved: " if meeting.ics_sequence else ""
        if meeting.ics_sequence:
            lines += ["The meeting has been moved. The reason is on the core group page.", ""]
        lines += [
            f"You are invited to the core group meeting for {case_of(meeting)}.",
            "",
            f"When: {at}",
            f"Where: {location_for(meeting) or 'to be confirmed'}",
            "",
            f"Core group details: {event.url}",
        ]
    lines += ["", "The calendar invitation is attached.", "", meeting.authority.name]
    message = EmailMessage(
        subject=f"{prefix}{event.summary} – {long_date(when.date())}",
        body="\n".join(lines),
        to=[recipient.email],
    )
    ics = event_ics(event, attendee_email=recipient.email, attendee_name=recipient.name, prodid=PRODID)
    message.attach("core-group-meeting.ics", ics, f"text/calendar; method={event.method}")
    return message


def emailed_members(meeting: CoreGroupMeeting) -> list[Recipient]:
    """Members with an account here (and an e-mail address), each once."""
    rows = (
        CoreGroupMember.objects.for_authority(meeting.authority_id)
        .filter(core_group=meeting.core_group_id, membership__isnull=False, membership__is_active=True)
        .exclude(membership__user__email="")
        .values_list("membership_id", "name", "membership__user__email")
        .order_by("membership_id")
    )
    return list({pk: Recipient(pk, name, email) for pk, name, email in rows}.values())


def tell_members_after_commit(meeting: CoreGroupMeeting) -> None:
    from coregroups.tasks import send_meeting_update

    authority_id, meeting_id = meeting.authority_id, meeting.pk
    transaction.on_commit(lambda: send_meeting_update.delay(authority_id=authority_id, meeting_id=meeting_id))


def family_members(meeting: CoreGroupMeeting) -> list[CoreGroupMember]:
    return list(
        CoreGroupMember.objects.for_authority(meeting.authority_id)
        .filter(core_group=meeting.core_group_id, person__isnull=False)
        .order_by("name", "pk")
    )


def letters_needed(meeting: CoreGroupMeeting, *, now: datetime | None = None) -> list[CoreGroupMember]:
    """Family members with no letter giving the meeting as it is now (booked, moved or cancelled),
    while it is still to come."""
    if meeting.held_on is not None or meeting.scheduled_at < (now or timezone.now()):
        return []
    sent = set(
        MeetingNotice.objects.for_authority(meeting.authority_id)
        .filter(meeting=meeting, what=MeetingNotice.What.MEETING, sequence=meeting.ics_sequence)
        .exclude(person=None)
        .values_list("person_id", flat=True)
    )
    return [m for m in family_members(meeting) if m.person_id not in sent]


@transaction.atomic
def produce_meeting_letters(
    *, by: Membership, meeting_id: int, now: datetime | None = None
) -> list[MeetingNotice]:
    """Record a letter, as the meeting is now, for every family member who needs one."""
    meeting, _ = _meeting(by, meeting_id)
    needed = letters_needed(meeting, now=now)
    if not needed:
        raise refusal(None, "Every family member already has a letter with this meeting as it is now.")
    notices = [
        MeetingNotice(
            authority=by.authority,
            meeting=meeting,
            person_id=member.person_id,
            name=member.name,
            what=MeetingNotice.What.MEETING,
            channel=MeetingNotice.Channel.LETTER,
            sequence=meeting.ics_sequence,
            cancelled=is_cancelled(meeting),
            sent_at=now or timezone.now(),
            sent_by=by,
        )
        for member in needed
    ]
    return MeetingNotice.objects.bulk_create(notices)


def notices_of(meeting: CoreGroupMeeting) -> list[MeetingNotice]:
    return list(
        MeetingNotice.objects.for_authority(meeting.authority_id)
        .filter(meeting=meeting)
        .select_related("sent_by__user")
        .order_by("-sent_at", "-pk")
    )


def may_print_letters(membership: Membership, group) -> bool:
    return may_convene(membership, group)


def render_notice_pdf(notice: MeetingNotice) -> bytes:
    """The letter a notice recorded: the minutes' family version, or the meeting letter."""
    if notice.what == MeetingNotice.What.MINUTES_FAMILY:
        from .documents import render_minutes_pdf

        return render_minutes_pdf(notice.meeting, for_family=True)
    return render_letter_pdf(notice)


def render_letter_pdf(notice: MeetingNotice) -> bytes:
    """The family member's letter about the meeting, as the notice recorded it was sent."""
    from weasyprint import HTML

    meeting = notice.meeting
    family = meeting.core_group.family
    context = {
        "notice": notice,
        "meeting": meeting,
        "authority": meeting.authority,
        "family": family,
        "person": notice.person,
        "social_worker": family.social_worker,
        "children": list(Child.objects.for_authority(meeting.authority_id).filter(family=family)),
    }
    return HTML(string=render_to_string("coregroups/documents/meeting_letter.html", context)).write_pdf()


@dataclass(frozen=True)
class GroupNotices:
    """For the core group page: meetings whose family members need a letter, and what was sent."""

    letters_needed: list[tuple[CoreGroupMeeting, list[CoreGroupMember]]]
    sent: list[MeetingNotice]


def group_notices(group, meetings: list[CoreGroupMeeting]) -> GroupNotices:
    """Two queries whatever the number of meetings: the notices and the family members."""
    authority = group.authority_id
    sent = list(
        MeetingNotice.objects.for_authority(authority)
        .filter(meeting__core_group=group)
        .select_related("sent_by__user", "meeting")
        .order_by("-sent_at", "-pk")
    )
    family = list(
        CoreGroupMember.objects.for_authority(authority)
        .filter(core_group=group, person__isnull=False)
        .order_by("name", "pk")
    )
    lettered = {
        (n.meeting_id, n.sequence, n.person_id)
        for n in sent
        if n.what == MeetingNotice.What.MEETING and n.person_id
    }
    now = timezone.now()
    needed = []
    for meeting in meetings:
        if meeting.held_on is not None or meeting.scheduled_at < now:
            continue
        waiting = [m for m in family if (meeting.pk, meeting.ics_sequence, m.person_id) not in lettered]
        if waiting:
            needed.append((meeting, waiting))
    return GroupNotices(letters_needed=needed, sent=sent)
