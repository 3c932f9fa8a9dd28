"""Calendar invitations (.ics, RFC 5545 / iTIP) for conferences.

One conference keeps one UID for its whole life (`Conference.ics_uid`); every change raises
SEQUENCE, so calendar programs replace the earlier invitation rather than add a second one.
A cancelled conference is sent as METHOD:CANCEL with STATUS:CANCELLED.

What leaves the system is the case reference, the date, the place and a link: calendar entries
are synced to phones and shared diaries, so no family or child name, and no free-text reason for a
move or a cancellation (people write about the child there), goes into any field; the link leads
to the details behind sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from authorities.human_dates import long_date_with_weekday
from conferences.models import Conference, ConferenceStatus, Invitation
from scheduling.clashes import CONFERENCE_SLOT as CALENDAR_SLOT
from scheduling.ics import CalendarEvent, event_ics

PRODID = "-//Child protection conferences//Conference invitations//EN"


@dataclass(frozen=True)
class InvitationFacts:
    """What an invitee is told besides the date: their report deadline and when to arrive."""

    report_due_on: date | None
    arrive_at: datetime | None


def method_for(conference: Conference) -> str:
    return "CANCEL" if conference.status == ConferenceStatus.CANCELLED else "REQUEST"


def summary_for(conference: Conference) -> str:
    return f"{conference.get_kind_display()}: case {conference.family.case_reference}"


def details_url(conference: Conference) -> str:
    return f"{settings.SITE_URL}/{conference.authority.slug}/conferences/{conference.pk}/"


def location_for(conference: Conference) -> str:
    if conference.venue_id:
        address = conference.venue.address.replace("\n", ", ")
        where = f"{conference.venue.name}, {address}" if address else conference.venue.name
        return f"{where} (also online: {conference.virtual_link})" if conference.virtual_link else where
    return conference.virtual_link


def description_for(conference: Conference, facts: InvitationFacts) -> str:
    lines = [summary_for(conference) + "."]
    if conference.status == ConferenceStatus.CANCELLED:
        lines.append("This conference is cancelled: the reason is on the conference page.")
    elif conference.ics_sequence and conference.change_reason:
        lines.append("The conference has been moved: the reason is on the conference page.")
    if facts.arrive_at and conference.status != ConferenceStatus.CANCELLED:
        lines.append(
            f"Please arrive by {timezone.localtime(facts.arrive_at):%H:%M} to read the reports (ARRIVE-30)."
        )
    if facts.report_due_on and conference.status != ConferenceStatus.CANCELLED:
        lines.append(
            f"Your written report is due by {long_date_with_weekday(facts.report_due_on)} (REPORT-2WD)."
        )
    lines.append(f"Details (sign in): {details_url(conference)}")
    return "\n".join(lines)


def conference_ics(conference: Conference, invitation: Invitation, facts: InvitationFacts) -> bytes:
    event = CalendarEvent(
        uid=f"{conference.ics_uid}@cpc",
        sequence=conference.ics_sequence,
        cancelled=method_for(conference) == "CANCEL",
        starts_at=conference.starts_at,
        ends_at=conference.starts_at + CALENDAR_SLOT,
        summary=summary_for(conference),
        location=location_for(conference),
        description=description_for(conference, facts),
        url=details_url(conference),
        organizer_name=conference.authority.name,
    )
    return event_ics(event, attendee_email=invitation.email, attendee_name=invitation.name, prodid=PRODID)
