"""NON-ATTEND-LETTER before a family's next conference counts the family's core group meetings too:
an agency whose member was absent or sent apologies is listed with each meeting it missed and the
day it was held, in words, beside the conferences it missed; only meetings before the conference's
day, and nothing where the rule is off."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Authority, Mode, RuleSet
from conferences import hooks
from coregroups import services
from coregroups.models import AttendanceStatus, CoreGroupMember
from tests.coregroups.helpers import held_initial, minutes
from tests.coregroups.review_helpers import FIRST_MEETING_ON, REVIEW_ON, review_of
from tests.factories import AuthorityFactory, copy_rule_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def birmingham_like(db):
    """Birmingham's rules: NON-ATTEND-LETTER advised."""
    authority = AuthorityFactory(name="Gammashire", slug="gammashire")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    return authority


def _missed_first_meeting(authority, clock, status=AttendanceStatus.APOLOGIES):
    """The family's first core group meeting, held with one agency's member not there."""
    setup = held_initial(authority, clock)
    members = list(setup.group.members.all())
    away = next(m for m in members if m.agency_id and m.membership_id != setup.social_worker.pk)
    attendance = [
        services.AttendanceIn(m.pk, status if m == away else AttendanceStatus.ATTENDED) for m in members
    ]
    clock.day = FIRST_MEETING_ON
    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, FIRST_MEETING_ON, attendance=attendance, reports_from_absent="None sent"),
    )
    return setup, away


def _start_page(client, conference) -> str:
    client.force_login(conference.chair.user)
    url = f"/{conference.authority.slug}/conferences/{conference.pk}/live/?step=start"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chair_sees_the_core_group_meetings_an_agency_missed_before_the_review(
    birmingham_like, clock, client
):
    assert RuleSet.objects.for_authority(birmingham_like).get().mode("NON-ATTEND-LETTER") == Mode.ADVISED
    setup, away = _missed_first_meeting(birmingham_like, clock)
    review = review_of(setup)
    clock.day = REVIEW_ON
    (absence,) = hooks.earlier_absences(review, review.rule_set_in_force())
    assert (absence.agency_id, absence.times, absence.last_on) == (away.agency_id, 0, None)
    (meeting,) = absence.core_group_meetings
    assert (meeting.meeting_id, meeting.held_on, meeting.status_label) == (
        setup.first.pk,
        FIRST_MEETING_ON,
        "Sent apologies",
    )
    page = _start_page(client, review)
    assert f"<strong>{away.agency.name}</strong>: 1 core group meeting;" in page
    assert f'data-meeting="{setup.first.pk}">Core group meeting held on Monday 7 December 2026' in page
    assert f"{away.name}, sent apologies." in page


def test_meetings_on_or_after_the_conferences_day_are_not_earlier(birmingham_like, clock):
    setup, _ = _missed_first_meeting(birmingham_like, clock, status=AttendanceStatus.ABSENT)
    same_day = review_of(setup)
    same_day.starts_at = datetime.datetime.combine(FIRST_MEETING_ON, datetime.time(15), tzinfo=datetime.UTC)
    same_day.save()
    assert hooks.earlier_absences(same_day, same_day.rule_set_in_force()) == []


def test_a_meeting_missed_before_the_members_were_named_again_still_names_the_agency(birmingham_like, clock):
    setup, away = _missed_first_meeting(birmingham_like, clock, status=AttendanceStatus.ABSENT)
    agency = away.agency
    # A later conference names the members again: their rows go, the attendance loses its link.
    for member in CoreGroupMember.objects.for_authority(birmingham_like).filter(core_group=setup.group):
        member.delete()
    review = review_of(setup)
    (absence,) = hooks.earlier_absences(review, review.rule_set_in_force())
    assert absence.agency_name == agency.name
    assert [m.status_label for m in absence.core_group_meetings] == ["Absent"]


def test_core_group_meetings_beside_the_conferences_the_agency_missed(birmingham_like, clock, client):
    setup, away = _missed_first_meeting(birmingham_like, clock, status=AttendanceStatus.ABSENT)
    initial = setup.room.conference
    invitation = initial.invitations.get(membership=away.membership)
    invitation.attendance = "absent"
    invitation.save()
    review = review_of(setup)
    clock.day = REVIEW_ON
    page = _start_page(client, review)
    expected = "1 earlier conference, last on Monday 30 November 2026, and 1 core group meeting;"
    assert f"<strong>{away.agency.name}</strong>: {expected}" in page


def test_nothing_is_shown_where_the_rule_is_off(two_authorities, clock, client):
    mine, _ = two_authorities  # Barnsley's rules: NON-ATTEND-LETTER off
    assert RuleSet.objects.for_authority(mine).get().mode("NON-ATTEND-LETTER") == Mode.OFF
    setup, _ = _missed_first_meeting(mine, clock, status=AttendanceStatus.ABSENT)
    review = review_of(setup)
    clock.day = REVIEW_ON
    assert hooks.earlier_absences(review, review.rule_set_in_force()) == []
    assert "data-earlier-absences" not in _start_page(client, review)
