"""The API does what the core group pages do, through the same services: a held meeting's
recommendation to the review (CG-PRE-REVIEW), the chair's conversation before it
(DELIST-CONVERSATION) and attendance concerns (CG-ATTENDANCE). The people the pages let act may,
others get 403 (or 404 where they cannot see the record at all), a refusal is a 400 naming the
field, and the history keeps who did it."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Role
from coregroups import review
from coregroups.models import AttendanceConcern, ConcernStatus, DelistConversation, PreReviewRecommendation
from tests.coregroups.review_helpers import FIRST_MEETING_ON, review_of, with_held_meeting
from tests.coregroups.test_attendance_concerns import _missed
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _post(client, membership, url: str, body: dict):
    client.force_login(membership.user)
    return client.post(url, body, content_type="application/json")


def _get(client, membership, url: str):
    client.force_login(membership.user)
    return client.get(url)


def _practitioner_member(setup):
    """An agency member of the core group: they see its meetings, they do not convene it."""
    members = setup.group.members.exclude(membership=None).select_related("membership")
    return next(m.membership for m in members if m.membership.role == Role.PRACTITIONER)


# --- CG-PRE-REVIEW -----------------------------------------------------------------------------


def _recommendation_body(setup) -> dict:
    plan = review.recommendable_plans(setup.first)[0]
    return {"meeting": setup.first.pk, "plan": plan.pk, "recommendation": "end", "rationale": "Safe at home"}


def test_the_social_worker_records_a_recommendation_and_recording_again_replaces_it(
    two_authorities, clock, client
):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    url = f"/api/v1/{mine.slug}/core-group-recommendations/"
    body = _recommendation_body(setup)
    made = _post(client, setup.social_worker, url, body)
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["recommendation"], data["rationale"], data["recorded_by"]) == (
        "end",
        "Safe at home",
        setup.social_worker.pk,
    )
    again = _post(client, setup.social_worker, url, {**body, "recommendation": "continue"})
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    rec = PreReviewRecommendation.objects.for_authority(mine).get()
    assert [h.recommendation for h in rec.history.order_by("history_date")] == ["end", "continue"]
    assert {h.history_user for h in rec.history.all()} == {setup.social_worker.user}
    listed = _get(client, setup.social_worker, f"{url}?core_group={setup.group.pk}").json()
    assert [r["id"] for r in listed["results"]] == [data["id"]]
    assert _get(client, setup.social_worker, f"{url}{data['id']}/").json()["child"] == rec.plan.child_id


def test_a_recommendation_refused_by_the_service_names_the_field(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    url = f"/api/v1/{mine.slug}/core-group-recommendations/"
    body = _recommendation_body(setup)
    for field, value in (("rationale", " "), ("plan", 0), ("recommendation", "maybe"), ("meeting", 0)):
        response = _post(client, setup.social_worker, url, {**body, field: value})
        assert response.status_code == 400 and field in response.json(), (field, response.json())
    booked = setup.group.meetings.filter(held_on=None).get()  # the next meeting, booked at this one
    response = _post(client, setup.social_worker, url, {**body, "meeting": booked.pk})
    assert response.status_code == 400 and "held" in response.json()["non_field_errors"][0]
    assert not PreReviewRecommendation.objects.for_authority(mine).exists()


def test_only_the_people_who_convene_the_group_record_and_staff_alone_read(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    url = f"/api/v1/{mine.slug}/core-group-recommendations/"
    body = _recommendation_body(setup)
    member = _practitioner_member(setup)  # sees the meeting, may not record for the group
    assert _post(client, member, url, body).status_code == 403
    other_sw = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    assert _post(client, other_sw, url, body).status_code == 403
    outsider = MembershipFactory(authority=mine, role=Role.PRACTITIONER)  # cannot see the meeting
    assert "meeting" in _post(client, outsider, url, body).json()
    made = _post(client, setup.room.chair, url, body)
    assert made.status_code == 201
    detail = f"{url}{made.json()['id']}/"
    assert _get(client, member, url).json()["results"] == []
    assert _get(client, member, detail).status_code == 404
    assert _get(client, other_sw, detail).status_code == 200


# --- DELIST-CONVERSATION -----------------------------------------------------------------------


def test_the_chair_records_the_conversation_before_the_review(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    url = f"/api/v1/{mine.slug}/review-conversations/"
    body = {
        "conference": conference.pk,
        "spoke_with": setup.social_worker.pk,
        "spoke_on": FIRST_MEETING_ON.isoformat(),
        "outcome": "The plan should continue",
    }
    assert _post(client, setup.social_worker, url, body).status_code == 403
    made = _post(client, conference.chair, url, body)
    assert made.status_code == 201, made.json()
    assert made.json()["spoke_with_name"] == setup.social_worker.user.display_name
    conversation = DelistConversation.objects.for_authority(mine).get()
    assert conversation.history.get().history_user == conference.chair.user
    listed = _get(client, setup.social_worker, f"{url}?conference={conference.pk}").json()["results"]
    assert [c["id"] for c in listed] == [conversation.pk]
    member = _practitioner_member(setup)
    assert _get(client, member, url).json()["results"] == []
    assert _get(client, member, f"{url}{conversation.pk}/").status_code == 404


def test_a_conversation_refused_by_the_service_names_the_field(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    url = f"/api/v1/{mine.slug}/review-conversations/"
    body = {
        "conference": conference.pk,
        "spoke_with": setup.social_worker.pk,
        "spoke_on": FIRST_MEETING_ON.isoformat(),
        "outcome": "Continue",
    }
    tomorrow = (FIRST_MEETING_ON + datetime.timedelta(days=1)).isoformat()
    for field, value in (
        ("outcome", ""),
        ("spoke_with", conference.chair.pk),
        ("spoke_on", tomorrow),
        ("spoke_on", "1066-10-14"),
        ("conference", 0),
    ):
        response = _post(client, conference.chair, url, {**body, field: value})
        assert response.status_code == 400 and field in response.json(), (field, response.json())
    initial = setup.room.conference
    response = _post(client, initial.chair, url, {**body, "conference": initial.pk})
    assert response.status_code == 400 and "review" in response.json()["non_field_errors"][0]
    assert not DelistConversation.objects.for_authority(mine).exists()


def test_the_chair_lists_whom_the_conversation_may_be_with_as_the_page_offers(two_authorities, clock, client):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    setup.social_worker.team_manager = manager
    setup.social_worker.save()
    url = f"/api/v1/{mine.slug}/review-conversations/partners/"

    listed = _get(client, conference.chair, f"{url}?conference={conference.pk}")
    assert listed.status_code == 200, listed.json()
    expected = review.conversation_partners(conference)
    assert {m.pk for m in expected} == {setup.social_worker.pk, manager.pk}
    assert sorted((p["id"], p["name"], p["role"]) for p in listed.json()) == sorted(
        (m.pk, m.user.display_name, m.role) for m in expected
    )
    assert {p["role_display"] for p in listed.json()} == {"Social worker", "Team manager"}
    for someone in (setup.social_worker, manager, _practitioner_member(setup)):
        assert _get(client, someone, f"{url}?conference={conference.pk}").status_code in (400, 403)
    for query in ("", "?conference=0", "?conference=abc", "?conference=99999999999999"):
        response = _get(client, conference.chair, f"{url}{query}")
        assert response.status_code == 400 and "conference" in response.json(), query


# --- CG-ATTENDANCE -----------------------------------------------------------------------------


def _concern_body(setup, absent) -> dict:
    return {
        "core_group": setup.group.pk,
        "member": absent.pk,
        "meetings": [setup.first.pk],
        "harm": "No health update on the baby's weight",
    }


def test_the_social_worker_raises_and_the_team_manager_escalates_in_writing(two_authorities, clock, client):
    mine, _ = two_authorities
    setup, manager, absent = _missed(mine, clock)
    url = f"/api/v1/{mine.slug}/attendance-concerns/"
    assert _post(client, setup.room.chair, url, _concern_body(setup, absent)).status_code == 403
    made = _post(client, setup.social_worker, url, _concern_body(setup, absent))
    assert made.status_code == 201, made.json()
    assert made.json()["meetings"] == [setup.first.pk] and made.json()["status"] == ConcernStatus.OPEN
    answer_url = f"{url}{made.json()['id']}/answer/"
    escalate = {"outcome": "escalated", "response": "Third missed meeting: raised with the agency's lead"}
    assert _post(client, setup.social_worker, answer_url, escalate).status_code == 403
    answered = _post(client, manager, answer_url, escalate)
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == ConcernStatus.ESCALATED and answered.json()["escalation"]
    concern = AttendanceConcern.objects.for_authority(mine).get()
    assert [h.history_user for h in concern.history.order_by("history_date")] == [
        setup.social_worker.user,
        manager.user,
    ]
    again = _post(client, manager, answer_url, {**escalate, "outcome": "resolved"})
    assert again.status_code == 400 and "already" in again.json()["non_field_errors"][0]


def test_a_concern_refused_by_the_service_names_the_field(two_authorities, clock, client):
    mine, _ = two_authorities
    setup, manager, absent = _missed(mine, clock)
    url = f"/api/v1/{mine.slug}/attendance-concerns/"
    body = _concern_body(setup, absent)
    for field, value in (("harm", " "), ("meetings", []), ("member", 0), ("core_group", 0)):
        response = _post(client, setup.social_worker, url, {**body, field: value})
        assert response.status_code == 400 and field in response.json(), (field, response.json())
    concern = _post(client, setup.social_worker, url, body).json()
    answer_url = f"{url}{concern['id']}/answer/"
    for field, value in (("response", ""), ("outcome", "ignored")):
        response = _post(
            client, manager, answer_url, {"outcome": "resolved", "response": "Agreed", field: value}
        )
        assert response.status_code == 400 and field in response.json(), (field, response.json())
    resolved = _post(
        client, manager, answer_url, {"outcome": "resolved", "response": "The agency will attend"}
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == ConcernStatus.RESOLVED


def test_concerns_are_read_by_managers_chairs_and_the_cases_social_worker_only(
    two_authorities, clock, client
):
    mine, _ = two_authorities
    setup, manager, absent = _missed(mine, clock)
    url = f"/api/v1/{mine.slug}/attendance-concerns/"
    made = _post(client, setup.social_worker, url, _concern_body(setup, absent)).json()
    detail = f"{url}{made['id']}/"
    readers = [
        setup.social_worker,
        manager,
        setup.room.chair,
        MembershipFactory(authority=mine, role=Role.HEAD_OF_SERVICE),
    ]
    for reader in readers:
        assert _get(client, reader, detail).status_code == 200, reader.role
    for outsider in (absent.membership, MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)):
        assert _get(client, outsider, url).json()["results"] == [], outsider.role
        assert _get(client, outsider, detail).status_code == 404, outsider.role
        assert (
            _post(client, outsider, f"{detail}answer/", {"outcome": "resolved", "response": "x"}).status_code
            == 404
        )
