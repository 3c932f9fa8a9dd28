"""Double-booking: a conference booked or moved over another meeting of its chair, its social
worker or its venue is refused naming the clash, and goes ahead only with a reason that is kept
(field, history, page, API). Another authority's meetings never clash."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from authorities.models import Venue
from conferences.models import Conference, ConferenceKind
from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day

pytestmark = pytest.mark.django_db


def book(case, *, day=None, hour=10, minute=0, **kwargs) -> Conference:
    kwargs.setdefault("chair_id", case.chair.pk)
    kwargs.setdefault("venue_id", case.venue.pk)
    if not case.family.strategy_discussions.exists():
        case.discussion()
    return scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(day or working_day(case.authority, 3), hour, minute),
        **kwargs,
    )


def other_room(authority) -> Venue:
    return Venue.framework_objects.create(authority=authority, name="Room 2", address="3 Side Street")


def clash_text(error: ValidationError) -> str:
    return " ".join(error.message_dict["clash_reason"])


def test_a_second_conference_for_the_same_chair_at_an_overlapping_time_is_refused_naming_the_clash(
    two_authorities,
):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    first = book(first_case)
    with pytest.raises(ValidationError) as refused:
        book(second_case, chair_id=first_case.chair.pk, venue_id=other_room(mine).pk, hour=11)
    text = clash_text(refused.value)
    assert f"the chair ({first_case.chair.user.display_name})" in text
    assert f"the initial conference for case no. {first_case.family.pk}" in text
    assert "at 10:00" in text and "give a reason" in text
    assert Conference.objects.for_authority(mine).count() == 1
    assert first.clash_reason == ""


def test_the_same_venue_at_the_same_time_is_a_clash_and_a_reason_lets_it_go_ahead_and_is_kept(
    two_authorities,
):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    book(first_case)
    with pytest.raises(ValidationError) as refused:
        book(second_case, venue_id=first_case.venue.pk)
    assert "the venue (" in clash_text(refused.value)
    second = book(
        second_case, venue_id=first_case.venue.pk, clash_reason="Two rooms booked in the family centre"
    )
    assert second.clash_reason == "Two rooms booked in the family centre"
    assert second.history.first().clash_reason == "Two rooms booked in the family centre"


def test_the_social_worker_of_another_case_at_the_same_time_is_a_clash(two_authorities):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    book(first_case)
    second_case.family.social_worker = first_case.social_worker
    second_case.family.save()
    second_case.discussion()
    with pytest.raises(ValidationError) as refused:
        scheduling.schedule_conference(
            by=first_case.social_worker,
            family_id=second_case.family.pk,
            kind=ConferenceKind.INITIAL,
            starts_at=at(working_day(mine, 3), 11, 30),
            chair_id=second_case.chair.pk,
            venue_id=other_room(mine).pk,
        )
    assert f"the social worker ({first_case.social_worker.user.display_name})" in clash_text(refused.value)


def test_meetings_that_only_touch_do_not_clash_and_cancelled_ones_free_the_slot(two_authorities):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    first = book(first_case)
    room = first_case.venue.pk
    # A conference takes two hours: 12:00 starts as the first one ends.
    assert book(second_case, hour=12, venue_id=room).clash_reason == ""
    third_case = make_case(mine, name="Brown family")
    scheduling.cancel_conference(by=first_case.social_worker, conference_id=first.pk, reason="Family moved")
    assert book(third_case, hour=9, minute=30, venue_id=room).clash_reason == ""


def test_another_authoritys_conference_never_clashes(two_authorities):
    mine, theirs = two_authorities
    book(make_case(theirs))
    assert book(make_case(mine)).clash_reason == ""


def test_moving_onto_another_conference_needs_a_reason_and_a_move_that_clears_the_clash_clears_it(
    two_authorities,
):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    book(first_case)
    second = book(second_case, hour=14, venue_id=first_case.venue.pk)
    # Moving a conference within its own slot does not clash with itself.
    scheduling.reschedule_conference(
        by=second_case.social_worker,
        conference_id=second.pk,
        starts_at=at(working_day(mine, 3), 14, 30),
        reason="Chair asked for later",
    )
    move = dict(
        by=second_case.social_worker,
        conference_id=second.pk,
        starts_at=at(working_day(mine, 3), 11),
        reason="Family asked for the morning",
    )
    with pytest.raises(ValidationError) as refused:
        scheduling.reschedule_conference(**move)
    assert "the venue (" in clash_text(refused.value)
    moved = scheduling.reschedule_conference(**move, clash_reason="Second room free")
    assert moved.clash_reason == "Second room free"
    later = dict(move, starts_at=at(working_day(mine, 4), 11))
    assert scheduling.reschedule_conference(**later).clash_reason == ""


def test_the_page_shows_the_clash_on_the_field_keeps_what_was_typed_and_the_reason_is_shown(
    client, two_authorities
):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    book(first_case)
    second_case.discussion()
    day = working_day(mine, 3)
    client.force_login(second_case.social_worker.user)
    url = f"/{mine.slug}/cases/{second_case.family.pk}/conferences/new/"
    body = {
        "kind": "initial",
        "children": [c.pk for c in second_case.children],
        "day": "other",
        "other_day": day.isoformat(),
        "start_time": "10:30",
        "venue": first_case.venue.pk,
        "chair": second_case.chair.pk,
    }
    page = client.post(url, body)
    assert page.status_code == 200
    html = page.content.decode()
    assert "This time is double-booked" in html and 'href="#id_clash_reason"' in html
    assert Conference.objects.for_authority(mine).filter(family=second_case.family).count() == 0
    done = client.post(url, {**body, "clash_reason": "Second room in the centre"})
    assert done.status_code == 302
    conference = Conference.objects.for_authority(mine).get(family=second_case.family)
    assert "Second room in the centre" in client.get(done["Location"]).content.decode()
    assert conference.clash_reason == "Second room in the centre"


def test_the_api_refuses_a_double_booking_with_a_400_naming_the_clash_unless_a_reason_is_given(
    client, two_authorities
):
    mine, _ = two_authorities
    first_case, second_case = make_case(mine), make_case(mine, name="Jones family")
    book(first_case)
    second_case.discussion()
    client.force_login(second_case.social_worker.user)
    body = {
        "family": second_case.family.pk,
        "kind": "initial",
        "starts_at": at(working_day(mine, 3), 10, 45).isoformat(),
        "chair": first_case.chair.pk,
        "venue": other_room(mine).pk,
    }
    url = f"/api/v1/{mine.slug}/conferences/"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert "the chair (" in " ".join(refused.json()["clash_reason"])
    made = client.post(url, {**body, "clash_reason": "Chair covering both"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["clash_reason"] == "Chair covering both"
    moved = client.post(
        f"{url}{made.json()['id']}/reschedule/",
        {"starts_at": at(working_day(mine, 3), 10).isoformat(), "reason": "Earlier"},
        content_type="application/json",
    )
    assert moved.status_code == 400 and "clash_reason" in moved.json()
