"""The first core group meeting, booked at the conference on the live page's "next dates" step,
is checked for double-booking as any other booking: refused naming the clash (service, page and
API) and booked over it only with a reason, kept in the meeting's history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conferences.live import services as live
from conferences.models import ConferenceKind
from conferences.preparation import services as scheduling
from coregroups.models import CoreGroupMeeting
from tests.conferences.live_helpers import make_room
from tests.conferences.sw_helpers import make_case

pytestmark = pytest.mark.django_db

D = datetime.date


def _room_and_a_taken_venue(authority, clock):
    """A conference in the room today, and another family's conference booked, in a venue of its
    own, on the day the first core group is due."""
    clock.day = D(2026, 11, 30)
    room = make_room(
        authority, children=1, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)
    )
    proposal = live.propose_next_dates(room.refresh())
    other = make_case(authority, name="Jones family")
    other.discussion()
    taken = datetime.datetime.combine(proposal.core_group_due, datetime.time(10), tzinfo=datetime.UTC)
    scheduling.schedule_conference(
        by=other.social_worker,
        family_id=other.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=taken,
        chair_id=other.chair.pk,
        venue_id=other.venue.pk,
    )
    return room, proposal, other.venue, taken


def test_the_first_core_group_booked_over_a_conference_in_its_venue_needs_a_reason(two_authorities, clock):
    mine, _ = two_authorities
    room, proposal, venue, taken = _room_and_a_taken_venue(mine, clock)
    book = dict(
        conference_id=room.pk,
        next_review_on=proposal.review_due,
        first_core_group_at=taken + datetime.timedelta(minutes=30),
        venue_id=venue.pk,
        by=room.chair,
    )
    with pytest.raises(ValidationError) as refused:
        live.book_next_dates(**book)
    text = " ".join(refused.value.message_dict["clash_reason"])
    assert text.startswith("This time is double-booked")
    assert f"the venue ({venue.name})" in text and "the initial conference for case" in text
    assert not CoreGroupMeeting.objects.for_authority(mine).exists()
    assert room.refresh().next_review_on is None  # nothing of the step was kept

    live.book_next_dates(**book, clash_reason="Two rooms in the centre")
    meeting = CoreGroupMeeting.objects.for_authority(mine).get(booked_at_conference=room.conference)
    assert meeting.clash_reason == "Two rooms in the centre"
    assert meeting.history.first().clash_reason == "Two rooms in the centre"
    # Booked again at the same time, it does not clash with itself.
    live.book_next_dates(**{**book, "venue_id": None})
    meeting.refresh_from_db()
    assert meeting.clash_reason == ""


def test_the_live_page_and_the_api_name_the_clash_and_keep_the_reason(client, two_authorities, clock):
    mine, _ = two_authorities
    room, proposal, venue, taken = _room_and_a_taken_venue(mine, clock)
    client.force_login(room.chair.user)
    url = f"/{mine.slug}/conferences/{room.pk}/live/next-dates/"
    form = {
        "dates-first_core_group_at": f"{taken:%Y-%m-%dT%H:%M}",
        "dates-venue": str(venue.pk),
        "dates-next_review_on": proposal.review_due.isoformat(),
        "dates-reason": "",
    }
    page = client.post(url, form)
    html = page.content.decode()
    assert page.status_code in (200, 400) and "This time is double-booked" in html
    assert 'href="#id_dates-clash_reason"' in html
    assert client.post(url, {**form, "dates-clash_reason": "Second room"}).status_code == 302
    meeting = CoreGroupMeeting.objects.for_authority(mine).get(booked_at_conference=room.conference)
    assert meeting.clash_reason == "Second room"

    api = f"/api/v1/{mine.slug}/live-conferences/{room.pk}/next-dates/"
    body = {
        "next_review_on": proposal.review_due.isoformat(),
        "first_core_group_at": (taken + datetime.timedelta(minutes=15)).isoformat(),
        "venue": venue.pk,
    }
    refused = client.post(api, body, content_type="application/json")
    assert refused.status_code == 400
    assert "This time is double-booked" in " ".join(refused.json()["clash_reason"])
    made = client.post(api, {**body, "clash_reason": "Still two rooms"}, content_type="application/json")
    assert made.status_code == 200, made.json()
    meeting.refresh_from_db()
    assert meeting.clash_reason == "Still two rooms"
