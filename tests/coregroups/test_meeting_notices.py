"""Core group meetings reach their members as conferences reach their invitees: members with an
account are e-mailed each version with an .ics (one UID, SEQUENCE rising, METHOD:CANCEL on
cancel), family members are listed for a letter until it is produced; held minutes are circulated
(professionals a link to the professional version, family members the family version by post) and
the record keeps who was sent what, how and when."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core import mail

from authorities.models import Role
from coregroups import circulation, invitations, services
from coregroups.models import CoreGroupMember, MeetingNotice
from coregroups.tasks import send_meeting_update, send_minutes
from tests.coregroups.helpers import at, held_initial, minutes
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def with_family_member(setup) -> CoreGroupMember:
    person = PersonFactory(family=setup.group.family, first_name="Jo", last_name="Parent")
    return CoreGroupMember.objects.create(
        authority=setup.authority,
        core_group=setup.group,
        person=person,
        name="Jo Parent",
        role_label="Family",
    )


def emailed_members(setup) -> set[str]:
    return {m.membership.user.email for m in setup.group.members.exclude(membership=None)}


def event_of(message):
    (name, content, mimetype), *_ = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_booking_moving_and_cancelling_email_each_member_the_same_event_with_rising_sequence(
    two_authorities, clock, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting = services.book_meeting(
            core_group_id=setup.group.pk,
            by=setup.social_worker,
            scheduled_at=at(D(2026, 12, 9)),
            venue_note="Home",
        )
    assert callbacks, "the e-mails go after the booking commits"
    booked = list(mail.outbox)
    assert {m.to[0] for m in booked} == emailed_members(setup)
    calendar, event = event_of(booked[0])
    uid = str(event["uid"])
    assert str(calendar["method"]) == "REQUEST" and int(event["sequence"]) == 0
    assert (
        "Core group meeting: case" in str(event["summary"]) and setup.group.family.name not in booked[0].body
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(
            meeting_id=meeting.pk,
            by=setup.social_worker,
            scheduled_at=at(D(2026, 12, 10)),
            reason="Room taken",
        )
    moved = list(mail.outbox)
    _, event = event_of(moved[0])
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1
    assert moved[0].subject.startswith("Moved: ") and "Room taken" not in moved[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting_id=meeting.pk, by=setup.social_worker, reason="Family away")
    cancelled = list(mail.outbox)
    calendar, event = event_of(cancelled[0])
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid and int(event["sequence"]) == 2
    assert {m.to[0] for m in cancelled} == emailed_members(setup)
    # Run again (a task delivered twice): nobody gets a second copy.
    mail.outbox.clear()
    assert send_meeting_update(authority_id=mine.pk, meeting_id=meeting.pk) == 0
    assert mail.outbox == []
    sent = MeetingNotice.objects.for_authority(mine).filter(meeting=meeting, channel="email")
    assert sorted(set(sent.values_list("sequence", flat=True))) == [0, 1, 2]


def test_family_members_are_listed_for_a_letter_until_it_is_produced(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    parent = with_family_member(setup)
    clock.day = D(2026, 12, 1)
    meeting = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=at(D(2026, 12, 9)),
        venue_note="Home",
    )
    client.force_login(setup.social_worker.user)
    page = f"/{mine.slug}/core-groups/{setup.group.pk}/"
    html = client.get(page).content.decode()
    assert "Letters needed" in html and "Jo Parent" in html
    produced = client.post(f"/{mine.slug}/core-groups/meetings/{meeting.pk}/letters/")
    assert produced.status_code == 302
    letter = MeetingNotice.objects.for_authority(mine).get(meeting=meeting, channel="letter")
    assert (letter.person_id, letter.sequence, letter.sent_by) == (parent.person_id, 0, setup.social_worker)
    meeting.refresh_from_db()
    assert invitations.letters_needed(meeting) == []
    assert "Letters and e-mails sent" in client.get(page).content.decode()
    pdf = client.get(f"/{mine.slug}/core-groups/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A move needs a new letter.
    services.move_meeting(
        meeting_id=meeting.pk, by=setup.social_worker, scheduled_at=at(D(2026, 12, 10)), reason="Room taken"
    )
    meeting.refresh_from_db()
    assert [m.pk for m in invitations.letters_needed(meeting)] == [parent.pk]


def test_circulating_minutes_emails_professionals_a_link_and_posts_the_family_version(
    client, two_authorities, clock, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    with_family_member(setup)
    clock.day = D(2026, 12, 14)
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, D(2026, 12, 14))
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        letters = circulation.circulate_minutes(by=setup.social_worker, meeting_id=setup.first.pk)
    assert [n.name for n in letters] == ["Jo Parent"] and letters[0].what == MeetingNotice.What.MINUTES_FAMILY
    assert {m.to[0] for m in mail.outbox} == emailed_members(setup)
    assert f"/core-groups/meetings/{setup.first.pk}/minutes.pdf" in mail.outbox[0].body
    assert setup.group.family.name not in mail.outbox[0].body
    # Circulating again sends nothing twice.
    mail.outbox.clear()
    assert circulation.circulate_minutes(by=setup.social_worker, meeting_id=setup.first.pk) == []
    assert send_minutes(authority_id=mine.pk, meeting_id=setup.first.pk) == 0 and mail.outbox == []
    record = MeetingNotice.objects.for_authority(mine).filter(meeting=setup.first).exclude(what="meeting")
    assert set(record.values_list("what", "channel")) == {
        ("minutes_professional", "email"),
        ("minutes_family", "letter"),
    }
    client.force_login(setup.social_worker.user)
    html = client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").content.decode()
    assert "Minutes, family version" in html and "Minutes, professional version" in html


def test_who_may_see_which_version_of_the_minutes(client, two_authorities, clock):
    mine, theirs = two_authorities
    setup = held_initial(mine, clock)
    with_family_member(setup)
    clock.day = D(2026, 12, 14)
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, D(2026, 12, 14), minutes_reason="Kept short on purpose"),
    )
    (family_letter,) = circulation.circulate_minutes(by=setup.social_worker, meeting_id=setup.first.pk)
    professional = f"/{mine.slug}/core-groups/meetings/{setup.first.pk}/minutes.pdf"
    family = f"/{mine.slug}/core-groups/letters/{family_letter.pk}.pdf"
    member = setup.group.members.exclude(membership=None).exclude(membership=setup.social_worker).first()
    client.force_login(member.membership.user)
    assert client.get(professional).status_code == 200
    assert client.get(family).status_code == 403  # a member sees the record, not the family's post
    outsider = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    client.force_login(outsider.user)
    assert client.get(professional).status_code == 404 and client.get(family).status_code == 404
    client.force_login(MembershipFactory(authority=theirs, role=Role.SOCIAL_WORKER).user)
    assert client.get(family).status_code == 404
    assert client.get(f"/{theirs.slug}/core-groups/letters/{family_letter.pk}.pdf").status_code == 404
    client.force_login(setup.social_worker.user)
    assert client.get(family).status_code == 200
    from coregroups.documents import render_minutes_html

    record.refresh_from_db()
    assert record.minutes_reason == "Kept short on purpose"
    professional_html = render_minutes_html(record.meeting)
    assert "Kept short on purpose" in professional_html
    family_html = render_minutes_html(record.meeting, for_family=True)
    assert "Kept short on purpose" not in family_html and "(family version)" in family_html
