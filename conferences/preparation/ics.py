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
from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from authorities.human_dates import long_date_with_weekday
from conferences.models import Conference, ConferenceStatus, Invitation

# How long the calendar entry blocks out. Not a statutory timescale: just the diary slot.
CALENDAR_SLOT = timedelta(hours=2)
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
    method = method_for(conference)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"{conference.ics_uid}@cpc")
    event.add("sequence", conference.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conference.starts_at)
    event.add("dtend", conference.starts_at + CALENDAR_SLOT)
    event.add("summary", summary_for(conference))
    event.add("location", location_for(conference))
    event.add("description", description_for(conference, facts))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("url", details_url(conference))
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(conference.authority.name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{invitation.email}")
    attendee.params["cn"] = icalendar.vText(invitation.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
