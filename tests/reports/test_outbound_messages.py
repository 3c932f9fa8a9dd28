"""What the reports app sends: the non-attendance letter (an e-mail with a PDF), report reminders,
the chair's "cannot attend" notice and the conference-moved note. Each names the case by its
reference, never by the family's or a child's name."""

from __future__ import annotations

import datetime

import pytest

from reports import services
from scheduling.models import Notification
from scheduling.tasks import email_notifications
from tests.outbound import (
    REFERENCE,
    assert_email_names_nobody,
    assert_notification_names_nobody,
    attachment_texts,
    name_the_case,
)
from tests.reports.helpers import at
from tests.reports.test_letters import HELD_ON, birmingham  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

CONFERENCE_DAY = datetime.date(2027, 1, 14)  # report due Tuesday 12 January 2027 (Barnsley)


def test_the_non_attendance_letter_and_its_e_mail_name_the_case_by_reference(
    birmingham,  # noqa: F811
    mailoutbox,
):
    conference, _ = birmingham
    name_the_case(conference.family)

    services.send_non_attendance_letters(
        authority_id=conference.authority_id, conference_id=conference.pk, today=HELD_ON
    )

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert_email_names_nobody(message, what=f"non-attendance letter to {message.to}")
        (letter,) = attachment_texts(message)
        assert REFERENCE in letter and "14 January 2027" in letter


def test_reminders_cannot_attend_and_moved_notes_name_the_case_by_reference(invite, mailoutbox):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    conference = invitation.conference
    name_the_case(conference.family)

    services.send_due_report_reminders(invitation.authority_id, datetime.date(2027, 1, 5))
    services.record_cannot_attend(
        invitation_id=invitation.pk, by=invitation.membership, cannot_attend=True, proxy_name="PC Jo Bloggs"
    )
    conference.starts_at = at(datetime.date(2027, 1, 21), 10)
    conference.save()
    services.notify_conference_moved(conference.pk, authority_id=conference.authority_id)

    notes = list(Notification.objects.for_authority(conference.authority))
    assert {n.kind for n in notes} == {"report_reminder", "other", "conference_changed"}
    for note in notes:
        assert_notification_names_nobody(note, what=f"{note.kind} notification")
        assert REFERENCE in f"{note.subject} {note.body}", note.kind
    email_notifications(authority_id=conference.authority_id, notification_ids=[n.pk for n in notes])
    assert mailoutbox
    for message in mailoutbox:
        assert_email_names_nobody(message, what=f"e-mail {message.subject!r}")
