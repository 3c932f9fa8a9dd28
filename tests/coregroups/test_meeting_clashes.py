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
from tests.coregroups.helpers import at, held_initial, minutes

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


# --- meetings booked inside another form: the next meeting in the minutes --------------------------


def _minutes_page_form(setup, members, next_at: str) -> dict:
    return {
        "held_at": "2026-12-14T10:00",
        "venue_note": "Family home",
        "chaired_by": "Sam",
        "minutes_by": "Bea",
        "minutes_reason": "First meeting: plan reviewed next time",
        "next_meeting_at": next_at,
        "next_venue_note": "Family home",
        **{f"attendance_{m.pk}": "attended" for m in members},
    }


def test_the_next_meeting_booked_in_the_minutes_over_another_needs_a_reason(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    taken = at(D(2027, 1, 11))
    services.book_meeting(
        core_group_id=setup.group.pk, by=setup.social_worker, scheduled_at=taken, venue_note="Family home"
    )
    clock.day = D(2026, 12, 14)
    with pytest.raises(ValidationError) as refused:
        services.record_meeting_held(
            meeting_id=setup.first.pk,
            by=setup.social_worker,
            minutes=minutes(setup, D(2026, 12, 14), next_meeting_at=taken + datetime.timedelta(minutes=30)),
        )
    text = " ".join(refused.value.message_dict["clash_reason"])
    assert text.startswith("This time is double-booked") and "a core group meeting for case" in text
    assert f"the social worker ({setup.social_worker.user.display_name})" in text
    setup.first.refresh_from_db()
    assert setup.first.held_on is None  # nothing of the minutes was kept
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(
            setup,
            D(2026, 12, 14),
            next_meeting_at=taken + datetime.timedelta(minutes=30),
            clash_reason="Two short meetings back to back",
        ),
    )
    assert record.next_meeting.clash_reason == "Two short meetings back to back"
    assert record.next_meeting.history.first().clash_reason == "Two short meetings back to back"


def test_the_minutes_page_and_the_api_refuse_a_clashing_next_meeting_until_a_reason_is_given(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    client.force_login(setup.social_worker.user)
    clock.day = D(2026, 12, 1)
    taken = at(D(2027, 1, 11))
    second = services.book_meeting(
        core_group_id=setup.group.pk, by=setup.social_worker, scheduled_at=taken, venue_note="Family home"
    )
    clock.day = D(2026, 12, 14)
    members = list(setup.group.members.all())
    page_url = f"/{mine.slug}/core-groups/meetings/{setup.first.pk}/minutes/"
    form = _minutes_page_form(setup, members, f"{taken:%Y-%m-%dT%H:%M}")
    asked = client.post(page_url, form)
    html = asked.content.decode()
    assert asked.status_code == 400 and "This time is double-booked" in html and "#id_clash_reason" in html
    assert client.post(page_url, {**form, "clash_reason": "Joint review"}).status_code == 302
    assert CoreGroupMeeting.objects.for_authority(mine).filter(clash_reason="Joint review").count() == 1

    # The API: holding the meeting booked above, with its next meeting over the one just booked.
    clock.day = D(2027, 1, 11)
    body = {
        "held_at": taken.isoformat(),
        "venue_note": "Home",
        "purpose": "Review",
        "chaired_by": "Sam",
        "minutes_by": "Bea",
        "minutes_reason": "Short meeting",
        "late_reason": "Held when the family could come",
        "next_meeting_at": (taken + datetime.timedelta(days=28)).isoformat(),
        "next_venue_note": "Home",
    }
    third = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=taken + datetime.timedelta(days=28),
        venue_note="Home",
    )
    api = f"/api/v1/{mine.slug}/core-group-meetings/{second.pk}/hold/"
    refused = client.post(api, body, content_type="application/json")
    assert refused.status_code == 400 and "This time is double-booked" in " ".join(
        refused.json()["clash_reason"]
    )
    held = client.post(api, {**body, "clash_reason": "On purpose"}, content_type="application/json")
    assert held.status_code in (200, 201), held.json()
    kept = CoreGroupMeeting.objects.for_authority(mine).exclude(pk=third.pk).get(clash_reason="On purpose")
    assert kept.scheduled_at == third.scheduled_at
