"""Starting belongs to the conference's day: early on that day is fine; another day needs the day
it was really held and why, and what counts from the conference counts from that day."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.rules.ids import RuleId
from conferences.live import services as live
from conferences.models import Conference, ConferenceStatus
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date
from tests.conferences.live_helpers import prepare
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)


def _booked(authority, day: datetime.date, hour: int = 15) -> Conference:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    conference = ConferenceFactory(authority=authority, family__authority=authority, starts_at=at)
    prepare(conference, list(conference.children.all()))
    return conference


def test_chair_can_start_early_on_the_booked_day(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = MONDAY  # noon; booked for 3 pm
    conference = _booked(mine, MONDAY)
    started = live.start_conference(conference_id=conference.pk, by=conference.chair)
    assert started.status == ConferenceStatus.IN_PROGRESS
    assert started.held_day is None and started.day == MONDAY


def test_chair_cannot_start_days_before_the_booked_day(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = MONDAY
    conference = _booked(mine, MONDAY + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        live.start_conference(conference_id=conference.pk, by=conference.chair)
    message = refused.value.message_dict["held_day"][0]
    assert message.startswith("This conference is booked for Thursday 4 March 2027")
    assert "give the date it was held and the reason" in message
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.SCHEDULED


def test_a_held_day_needs_a_reason_and_cannot_be_in_the_future(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = MONDAY
    conference = _booked(mine, MONDAY + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        live.start_conference(conference_id=conference.pk, by=conference.chair, held_day=MONDAY)
    assert "held_reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        live.start_conference(
            conference_id=conference.pk,
            by=conference.chair,
            held_day=MONDAY + datetime.timedelta(days=1),
            held_reason="Brought forward",
        )
    assert "held_day" in refused.value.message_dict


def test_held_on_another_day_the_next_dates_count_from_that_day(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = MONDAY
    conference = _booked(mine, MONDAY + datetime.timedelta(days=7))
    live.start_conference(
        conference_id=conference.pk,
        by=conference.chair,
        held_day=MONDAY,
        held_reason="Brought forward: the family asked to meet sooner",
    )
    conference.refresh_from_db()
    assert conference.day == MONDAY and conference.booked_day == MONDAY + datetime.timedelta(days=7)
    assert conference.held_day_reason == "Brought forward: the family asked to meet sooner"
    proposal = live.propose_next_dates(conference)
    rules = conference.rule_set_in_force()
    assert proposal.core_group_due == due_date(
        timescale_of(rules, RuleId.CG1_10WD), MONDAY, calendar_for(mine)
    )
    latest = conference.history.first()
    assert latest.held_day == MONDAY and "Brought forward" in latest.history_change_reason


def test_the_page_and_the_api_ask_for_the_held_day_on_another_day(two_authorities, clock, client):
    mine, _ = two_authorities
    clock.day = MONDAY
    conference = _booked(mine, MONDAY + datetime.timedelta(days=2))
    client.force_login(conference.chair.user)
    page_url = f"/{mine.slug}/conferences/{conference.pk}/live/"
    page = client.get(page_url).content.decode()
    assert "Booked for Wednesday 3 March 2027" in page and 'name="held_day_day"' in page
    refused = client.post(f"{page_url}start/", {})
    assert refused.status_code == 400 and "booked for Wednesday 3 March 2027" in refused.content.decode()
    api = f"/api/v1/{mine.slug}/live-conferences/{conference.pk}/start/"
    response = client.post(api, {}, content_type="application/json")
    assert response.status_code == 400 and "held_day" in response.json()
    response = client.post(
        api,
        {"held_day": MONDAY.isoformat(), "held_reason": "Brought forward for the family"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["held_day"] == MONDAY.isoformat() and response.json()["status"] == "in_progress"
