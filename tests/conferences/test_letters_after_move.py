"""After a conference moves, the family members invited by letter are listed for a new letter
(e-mail invitees are sent the new date by the task); producing one records who was sent which date,
when and by whom, and the letter says the conference has moved."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from authorities.models import Role
from conferences.models import ConferenceKind, FamilyLetter, InvitedBy
from conferences.preparation import letters
from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def booked_with_invitees(authority):
    case = make_case(authority)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(authority, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    by_letter = scheduling.invite_family_member(
        by=case.social_worker,
        conference_id=conference.pk,
        person_id=case.mother.pk,
        invited_by=InvitedBy.LETTER,
        invited_on=timezone.localdate(),
    )
    health = MembershipFactory(authority=authority, role=Role.PRACTITIONER)
    scheduling.invite_professional(
        by=case.social_worker, conference_id=conference.pk, membership_id=health.pk
    )
    return case, conference, by_letter


def move(case, conference, day=4):
    return scheduling.reschedule_conference(
        by=case.social_worker,
        conference_id=conference.pk,
        starts_at=at(working_day(case.authority, day), 14),
        reason="Chair unwell",
    )


def test_nobody_needs_a_new_letter_until_the_conference_moves(two_authorities):
    mine, _ = two_authorities
    _, conference, _ = booked_with_invitees(mine)
    assert letters.letters_needed(conference) == []


def test_a_move_lists_the_letter_invitees_and_producing_a_letter_records_who_was_sent_what(
    two_authorities, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = move(case, conference)
    assert [m.to for m in mail.outbox] == [[i.email] for i in moved.invitations.filter(kind="professional")]
    assert letters.letters_needed(moved) == [by_letter]
    letter = letters.produce_new_letter(by=case.social_worker, invitation_id=by_letter.pk)
    assert (letter.sequence, letter.starts_at, letter.produced_by) == (
        moved.ics_sequence,
        moved.starts_at,
        case.social_worker,
    )
    assert letters.letters_needed(moved) == []
    # A second move makes the letter out of date: the invitee needs another one.
    moved_again = move(case, moved, day=5)
    assert letters.letters_needed(moved_again) == [by_letter]


def test_someone_invited_after_the_move_already_has_the_new_date(two_authorities):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    by_letter.invited_at = None
    by_letter.save()
    moved = move(case, conference)
    assert letters.letters_needed(moved) == []


def test_a_professional_is_never_sent_a_letter(two_authorities):
    mine, _ = two_authorities
    case, conference, _ = booked_with_invitees(mine)
    move(case, conference)
    professional = conference.invitations.get(kind="professional")
    with pytest.raises(Exception, match="Letters are for family members"):
        letters.produce_new_letter(by=case.social_worker, invitation_id=professional.pk)


def test_the_page_lists_who_needs_a_letter_and_producing_it_records_and_offers_the_pdf(
    client, two_authorities
):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    client.force_login(case.social_worker.user)
    page = f"/{mine.slug}/conferences/{conference.pk}/"
    moved = client.post(
        f"{page}move/",
        {
            "day": "other",
            "other_day": working_day(mine, 4).isoformat(),
            "start_time": "14:00",
            "venue": case.venue.pk,
            "reason": "Chair unwell",
        },
    )
    assert moved.status_code == 302
    html = client.get(page).content.decode()
    assert "New letters needed" in html and "Produce the new letter" in html and by_letter.name in html
    produced = client.post(f"/{mine.slug}/conferences/invitations/{by_letter.pk}/new-letter/")
    assert produced.status_code == 302 and produced["Location"].endswith("#letters-sent")
    sent = FamilyLetter.objects.for_authority(mine).get()
    assert (sent.invitation, sent.produced_by) == (by_letter, case.social_worker)
    html = client.get(page).content.decode()
    assert "New letters needed" not in html and "Letters sent" in html
    assert timezone.localtime(sent.starts_at).strftime("%-d %B %Y") in html
    letter = client.get(f"/{mine.slug}/conferences/invitations/{by_letter.pk}/letter/").content.decode()
    assert "New date for the child protection conference" in letter and "replaces" in letter
    pdf = client.get(f"/{mine.slug}/conferences/invitations/{by_letter.pk}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_only_case_writers_of_this_authority_produce_letters(client, two_authorities):
    mine, theirs = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    move(case, conference)
    url = f"/{mine.slug}/conferences/invitations/{by_letter.pk}/new-letter/"
    invited = conference.invitations.get(kind="professional").membership
    client.force_login(invited.user)
    assert client.post(url).status_code == 403  # an invited practitioner sees the conference, not this
    client.force_login(MembershipFactory(authority=theirs, role=Role.SOCIAL_WORKER).user)
    assert client.post(url).status_code == 404
    assert (
        client.post(f"/{theirs.slug}/conferences/invitations/{by_letter.pk}/new-letter/").status_code == 404
    )
    assert not FamilyLetter.objects.for_authority(mine).exists()
