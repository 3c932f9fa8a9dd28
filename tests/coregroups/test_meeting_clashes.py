"""Double-booking core group meetings: a meeting booked or moved over another meeting of its
social worker (the convenor) or its venue, or over a conference sharing them, is refused naming the
clash (page and API), and goes ahead only with a reason that is kept and shown."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conferences.models import ConferenceKind
from conferences.preparation import services as scheduling
from coregroups import services
from coregroups.models import CoreGroupMeeting
from tests.conferences.sw_helpers import make_case
from tests.coregroups.helpers import at, held_initial

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_second_meeting_for_the_same_social_worker_at_an_overlapping_time_needs_a_reason(
    two_authorities, clock
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    first_at = setup.first.scheduled_at
    with pytest.raises(ValidationError) as refused:
        services.book_meeting(
            core_group_id=setup.group.pk,
            by=setup.social_worker,
            scheduled_at=first_at + datetime.timedelta(hours=1),
            venue_note="Family home",
        )
    text = " ".join(refused.value.message_dict["clash_reason"])
    assert f"the social worker ({setup.social_worker.user.display_name})" in text
    assert "a core group meeting for case" in text
    assert CoreGroupMeeting.objects.for_authority(mine).count() == 1
    meeting = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=first_at + datetime.timedelta(hours=1),
        venue_note="Family home",
        clash_reason="A short follow-up straight after",
    )
    assert meeting.clash_reason == "A short follow-up straight after"
    assert meeting.history.first().clash_reason == "A short follow-up straight after"
    # 90 minutes after the first starts, the slot is free again.
    later = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=first_at + datetime.timedelta(hours=3),
        venue_note="Family home",
    )
    assert later.clash_reason == ""


def test_a_meeting_in_a_venue_where_a_conference_is_booked_is_a_clash_and_another_authority_never_is(
    two_authorities, clock
):
    mine, theirs = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    venues = {}
    for authority in (mine, theirs):
        case = make_case(authority, name="Jones family")
        venues[authority] = case.venue
        case.discussion()
        scheduling.schedule_conference(
            by=case.social_worker,
            family_id=case.family.pk,
            kind=ConferenceKind.INITIAL,
            starts_at=at(D(2026, 12, 9)),
            chair_id=case.chair.pk,
            venue_id=case.venue.pk,
        )
    book = dict(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=at(D(2026, 12, 9), 11),
        venue_id=venues[mine].pk,
    )
    with pytest.raises(ValidationError) as refused:
        services.book_meeting(**book)
    text = " ".join(refused.value.message_dict["clash_reason"])
    assert "the venue (" in text and "the initial conference for case" in text
    assert services.book_meeting(**book, clash_reason="Second room").clash_reason == "Second room"


def test_moving_a_meeting_onto_another_needs_a_reason(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    other = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=at(D(2026, 12, 9)),
        venue_note="Family home",
    )
    move = dict(meeting_id=other.pk, by=setup.social_worker, reason="Room free earlier")
    # Within its own slot it never clashes with itself.
    services.move_meeting(**move, scheduled_at=at(D(2026, 12, 9), 9))
    with pytest.raises(ValidationError) as refused:
        services.move_meeting(**move, scheduled_at=setup.first.scheduled_at)
    assert "clash_reason" in refused.value.message_dict
    moved = services.move_meeting(**move, scheduled_at=setup.first.scheduled_at, clash_reason="Joint meeting")
    assert moved.clash_reason == "Joint meeting"


def test_the_page_and_the_api_name_the_clash_and_keep_the_reason(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    client.force_login(setup.social_worker.user)
    clock.day = D(2026, 12, 1)
    when = setup.first.scheduled_at.astimezone(datetime.UTC)
    url = f"/{mine.slug}/core-groups/{setup.group.pk}/book/"
    form = {"scheduled_at": f"{when:%Y-%m-%dT%H:%M}", "venue_note": "Home"}
    page = client.post(url, form)
    html = page.content.decode()
    assert page.status_code == 200 and "This time is double-booked" in html and "#id_clash_reason" in html
    assert client.post(url, {**form, "clash_reason": "Joint visit"}).status_code == 302
    assert (
        "Booked over another meeting: Joint visit"
        in client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").content.decode()
    )
    api = f"/api/v1/{mine.slug}/core-group-meetings/"
    body = {"core_group": setup.group.pk, "scheduled_at": when.isoformat(), "venue_note": "Home"}
    refused = client.post(api, body, content_type="application/json")
    assert refused.status_code == 400 and "the social worker (" in " ".join(refused.json()["clash_reason"])
    made = client.post(api, {**body, "clash_reason": "Third, on purpose"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["clash_reason"] == "Third, on purpose"
