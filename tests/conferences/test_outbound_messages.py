"""Conference invitations leave the system by e-mail with a calendar attachment (synced to phones
and shared diaries), and invitees are told in the app: each carries the case reference, the date,
the place and a link, never a family or child name, nor the reason typed for a move or a
cancellation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from authorities.models import Role
from conferences.live import services as live
from conferences.preparation import services as scheduling
from scheduling.models import Notification
from tests.conferences.live_helpers import give_opinions, make_room
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.conferences.test_live_services import birmingham_like  # noqa: F401 (a fixture)
from tests.factories import AgencyFactory, MembershipFactory
from tests.outbound import (
    CHILD_DETAIL,
    REFERENCE,
    assert_email_names_nobody,
    assert_notification_names_nobody,
    attachment_texts,
    name_the_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(two_authorities, django_capture_on_commit_callbacks, mailoutbox):
    """A case with distinctive names, a conference booked, a member and someone new invited."""
    mine, _ = two_authorities
    case = make_case(mine, name="Quillfeather family")
    name_the_case(case.family)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER, user__email="nurse@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
        scheduling.invite_professional(
            by=case.social_worker,
            conference_id=conference.pk,
            name="Robin New",
            email="robin@example.test",
            agency_id=AgencyFactory(authority=mine, name="Alphashire Housing", type="housing").pk,
        )
    return case, conference, nurse


def test_the_invitation_e_mail_and_calendar_entry_carry_the_reference_date_place_and_link_only(
    booked, mailoutbox
):
    case, conference, nurse = booked
    assert len(mailoutbox) == 2
    when = timezone.localtime(conference.starts_at)
    link = f"{settings.SITE_URL}/{case.authority.slug}/conferences/{conference.pk}/"
    for message in mailoutbox:
        assert_email_names_nobody(message, what=f"invitation to {message.to}")
        assert REFERENCE in message.subject and f"{when.day} {when:%B %Y}" in message.subject
        assert case.venue.name in message.body and link in message.body
        ics = "\n".join(attachment_texts(message))
        assert REFERENCE in ics and case.venue.name in ics and link in ics
    (note,) = Notification.objects.for_authority(case.authority).filter(recipient=nurse.user)
    assert_notification_names_nobody(note, what="in-app invitation")
    assert REFERENCE in note.body


def test_moved_and_cancelled_invitations_leave_the_reason_behind_sign_in(
    booked, mailoutbox, django_capture_on_commit_callbacks
):
    case, conference, _ = booked
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.reschedule_conference(
            by=case.social_worker,
            conference_id=conference.pk,
            starts_at=at(working_day(case.authority, 5), 14),
            reason=CHILD_DETAIL,
        )
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.cancel_conference(by=case.social_worker, conference_id=conference.pk, reason=CHILD_DETAIL)
    assert len(mailoutbox) == 6  # two invitees: booked, moved, cancelled
    for message in mailoutbox[2:]:
        assert_email_names_nobody(message, what=f"{message.subject} to {message.to}")
        assert "reason is on the conference page" in message.body
    assert mailoutbox[-1].subject.startswith("Cancelled: ")
    for note in Notification.objects.for_authority(case.authority):
        assert_notification_names_nobody(note, what=f"notification {note.kind}")


def test_a_score_all_zero_escalation_notification_names_no_child(
    birmingham_like,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    room = make_room(birmingham_like, children=1)
    name_the_case(room.conference.family)
    manager = MembershipFactory(authority=birmingham_like, role=Role.TEAM_MANAGER)
    social_worker = room.conference.social_worker
    social_worker.team_manager = manager
    social_worker.save()
    (child,) = room.children
    give_opinions(room, child, [True, True, True], scores=[0, 0, 0])
    with django_capture_on_commit_callbacks(execute=True):
        live.respond_to_trigger(
            conference_id=room.pk,
            child_id=child.pk,
            rule_id="SCORE-ALL-ZERO",
            action="escalated",
            by=room.chair,
        )
    notes = Notification.objects.for_authority(birmingham_like).filter(kind=Notification.Kind.ESCALATION)
    assert notes.filter(recipient=manager.user).exists()
    for note in notes:
        assert_notification_names_nobody(note, what="SCORE-ALL-ZERO notification")
        assert REFERENCE in note.subject and "SCORE-ALL-ZERO" in note.subject
    assert mailoutbox
    for message in mailoutbox:
        assert_email_names_nobody(message, what="SCORE-ALL-ZERO e-mail")
