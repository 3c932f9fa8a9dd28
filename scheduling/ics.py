"""Calendar invitations (.ics, RFC 5545 / iTIP), built the same way for every kind of meeting.

A meeting keeps one UID for its whole life and raises SEQUENCE with every change, so calendar
programs replace the earlier invitation rather than add a second one; a cancelled meeting is sent
as METHOD:CANCEL with STATUS:CANCELLED. The callers decide what goes in the text fields: the case
reference, the date, the place and a link, never a family or child name nor a typed reason
(calendars are synced to phones and shared diaries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Child protection conferences//Meeting invitations//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    cancelled: bool
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    url: str
    organizer_name: str

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"


def event_ics(
    event: CalendarEvent, *, attendee_email: str, attendee_name: str, prodid: str = PRODID
) -> bytes:
    """One invitee's copy of the event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", event.method)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("summary", event.summary)
    vevent.add("location", event.location)
    vevent.add("description", event.description)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("url", event.url)
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(event.organizer_name)
    vevent.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = icalendar.vText(attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    vevent.add("attendee", attendee)
    calendar.add_component(vevent)
    return calendar.to_ical()
