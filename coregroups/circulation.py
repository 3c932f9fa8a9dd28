"""Circulating a held meeting's minutes: professionals with an account are e-mailed a link to the
professional version (behind sign-in); family members, who have no accounts, are sent the family
version by post (recorded here; the page offers each letter as a PDF). Every one is a
`MeetingNotice` for the minutes' version, so circulating again after a correction reaches everyone
with the corrected version, and circulating twice sends nothing twice."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.refusals import refusal

from .invitations import Recipient, case_of, family_members
from .models import CoreGroupMeeting, CoreGroupMinutes, MeetingNotice
from .permissions import _meeting


def professional_minutes_url(meeting: CoreGroupMeeting) -> str:
    path = reverse(
        "coregroups:meeting-minutes-pdf", kwargs={"authority_slug": meeting.authority.slug, "pk": meeting.pk}
    )
    return f"{settings.SITE_URL}{path}"


def minutes_email(meeting: CoreGroupMeeting, minutes: CoreGroupMinutes, recipient: Recipient) -> EmailMessage:
    # The case reference, the date and a link: what the minutes say stays behind sign-in.
    held = long_date(meeting.held_on)
    corrected = f" (corrected, version {minutes.version})" if minutes.version > 1 else ""
    lines = [
        f"Dear {recipient.name},",
        "",
        f"The minutes of the core group meeting for {case_of(meeting)} held on {held} are ready{corrected}.",
        "Read the professional version (sign in):",
        professional_minutes_url(meeting),
        "",
        meeting.authority.name,
    ]
    return EmailMessage(
        subject=f"Core group minutes: {case_of(meeting)} – {held}",
        body="\n".join(lines),
        to=[recipient.email],
    )


@transaction.atomic
def circulate_minutes(*, by: Membership, meeting_id: int, now: datetime | None = None) -> list[MeetingNotice]:
    """Record the family version as posted to each family member not yet sent this version, and
    e-mail the professionals after commit. Returns the letters recorded."""
    meeting, _ = _meeting(by, meeting_id)
    minutes = (
        CoreGroupMinutes.objects.for_authority(by.authority).filter(meeting=meeting).first()
        if meeting.held_on
        else None
    )
    if minutes is None:
        raise refusal(None, "This meeting has not been held: there are no minutes to circulate.")
    posted = set(
        MeetingNotice.objects.for_authority(by.authority)
        .filter(meeting=meeting, what=MeetingNotice.What.MINUTES_FAMILY, sequence=minutes.version)
        .values_list("person_id", flat=True)
    )
    letters = MeetingNotice.objects.bulk_create(
        [
            MeetingNotice(
                authority=by.authority,
                meeting=meeting,
                person_id=member.person_id,
                name=member.name,
                what=MeetingNotice.What.MINUTES_FAMILY,
                channel=MeetingNotice.Channel.LETTER,
                sequence=minutes.version,
                sent_at=now or timezone.now(),
                sent_by=by,
            )
            for member in family_members(meeting)
            if member.person_id not in posted
        ]
    )
    from coregroups.tasks import send_minutes

    authority_id, pk, by_id = by.authority_id, meeting.pk, by.pk
    transaction.on_commit(
        lambda: send_minutes.delay(authority_id=authority_id, meeting_id=pk, sent_by_id=by_id)
    )
    return letters
