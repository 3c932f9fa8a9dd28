"""The API produces the family's letters about a core group meeting and circulates held minutes,
through the same services as the core group page, and lists who was sent what (the notices) to
the people who convene the group."""

from __future__ import annotations

import pytest

from authorities.models import Role
from coregroups.models import MeetingNotice
from tests.coregroups.review_helpers import with_held_meeting
from tests.coregroups.test_meeting_notices import with_family_member
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _practitioner_member(setup):
    """An agency member of the core group: they see its meetings, they do not convene it."""
    members = setup.group.members.exclude(membership=None).select_related("membership")
    return next(m.membership for m in members if m.membership.role == Role.PRACTITIONER)


def _post(client, membership, url: str):
    client.force_login(membership.user)
    return client.post(url, {}, content_type="application/json")


def test_the_social_worker_circulates_held_minutes_and_the_family_version_is_recorded_as_posted(
    two_authorities, clock, client, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    parent = with_family_member(setup)
    url = f"/api/v1/{mine.slug}/core-group-meetings/{setup.first.pk}/circulate-minutes/"
    with django_capture_on_commit_callbacks(execute=True):
        sent = _post(client, setup.social_worker, url)
    assert sent.status_code == 200, sent.json()
    assert [(n["name"], n["what"], n["channel"]) for n in sent.json()] == [
        (parent.name, "minutes_family", "letter")
    ]
    notices = MeetingNotice.objects.for_authority(mine).filter(meeting=setup.first)
    assert notices.filter(what="minutes_professional", channel="email").exists()  # the task's e-mails
    # Circulating the same version again posts nothing twice.
    assert _post(client, setup.social_worker, url).json() == []
    listed = client.get(f"/api/v1/{mine.slug}/core-group-notices/?meeting={setup.first.pk}").json()["results"]
    assert {n["id"] for n in listed} == set(notices.values_list("pk", flat=True))
    letter = next(n for n in listed if n["channel"] == "letter")
    assert letter["sent_by"] == setup.social_worker.pk


def test_minutes_circulate_only_once_held_and_only_by_those_who_convene(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    booked = setup.group.meetings.filter(held_on=None).get()
    base = f"/api/v1/{mine.slug}/core-group-meetings"
    refused = _post(client, setup.social_worker, f"{base}/{booked.pk}/circulate-minutes/")
    assert refused.status_code == 400 and "not been held" in refused.json()["non_field_errors"][0]
    member = _practitioner_member(setup)
    assert _post(client, member, f"{base}/{setup.first.pk}/circulate-minutes/").status_code == 403
    outsider = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    assert _post(client, outsider, f"{base}/{setup.first.pk}/circulate-minutes/").status_code == 404
    assert not MeetingNotice.objects.for_authority(mine).exists()


def test_letters_for_the_next_meeting_are_produced_once_and_read_by_conveners_only(
    two_authorities, clock, client
):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    parent = with_family_member(setup)
    booked = setup.group.meetings.filter(held_on=None).get()
    url = f"/api/v1/{mine.slug}/core-group-meetings/{booked.pk}/letters/"
    made = _post(client, setup.social_worker, url)
    assert made.status_code == 200 and [n["name"] for n in made.json()] == [parent.name]
    again = _post(client, setup.social_worker, url)
    assert again.status_code == 400 and "already has a letter" in again.json()["non_field_errors"][0]
    notice = MeetingNotice.objects.for_authority(mine).get()
    detail = f"/api/v1/{mine.slug}/core-group-notices/{notice.pk}/"
    pdf = client.get(f"{detail}pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    member = _practitioner_member(setup)
    for reader in (member, MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)):
        client.force_login(reader.user)
        assert client.get(f"/api/v1/{mine.slug}/core-group-notices/").json()["results"] == []
        assert client.get(detail).status_code == 404
    client.force_login(setup.room.chair.user)
    assert client.get(detail).json()["name"] == parent.name
