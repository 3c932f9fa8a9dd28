"""Core groups are set up at the conference: members named (accounts, family members, free
names) and the first meeting booked, all inside the family's authority."""

from __future__ import annotations

import datetime

import pytest

from conferences.live import services as live
from coregroups.models import CoreGroup, CoreGroupMeeting, CoreGroupMember
from tests.conferences.live_helpers import everyone, make_room
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_members_are_named_at_the_conference_and_replace_the_earlier_list(two_authorities):
    mine, theirs = two_authorities
    room = make_room(mine)
    mother = PersonFactory(family=room.conference.family, first_name="Mia")
    stranger = PersonFactory(family__authority=mine)  # another family's parent: never added
    live.name_core_group_members(
        conference_id=room.pk,
        invitation_ids=[i.pk for i in everyone(room)],
        person_ids=[mother.pk, stranger.pk],
        other_names=[("Gran Hollis", "Grandmother"), ("", "ignored")],
        by=room.chair,
    )
    group = CoreGroup.objects.for_authority(mine).get()
    assert group.family == room.conference.family and group.set_up_at == room.conference
    names = set(group.members.values_list("name", flat=True))
    assert names == {i.name for i in everyone(room)} | {str(mother), "Gran Hollis"}
    with_account = group.members.filter(membership__isnull=False).count()
    assert with_account == len(everyone(room))
    live.name_core_group_members(conference_id=room.pk, other_names=[("Only One", "Aunt")], by=room.chair)
    assert list(group.members.values_list("name", flat=True)) == ["Only One"]
    assert not CoreGroupMember.objects.for_authority(theirs).exists()


def test_the_first_meeting_is_booked_once_and_moved_when_rebooked(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC))
    first = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)
    for when in (first, first + datetime.timedelta(days=1)):
        live.book_next_dates(
            conference_id=room.pk,
            next_review_on=datetime.date(2027, 2, 1),
            first_core_group_at=when,
            by=room.chair,
        )
    meeting = CoreGroupMeeting.objects.for_authority(mine).get()
    assert meeting.scheduled_at == first + datetime.timedelta(days=1)
    assert meeting.booked_at_conference == room.conference and meeting.history.count() == 2


def test_a_review_books_no_core_group_and_counts_the_review_from_itself(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = datetime.date(2027, 3, 1)  # the review's day
    room = make_room(mine, kind="review", starts_at=datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC))
    proposal = live.propose_next_dates(room.conference)
    assert proposal.core_group_rule is None and proposal.review_rule == "RCPCN-6M"
    assert proposal.review_due == datetime.date(2027, 9, 1)
    live.book_next_dates(conference_id=room.pk, next_review_on=proposal.review_due, by=room.chair)
    assert not CoreGroupMeeting.objects.for_authority(mine).exists()
