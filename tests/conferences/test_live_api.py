"""The live conference API: the same services and rules as the page."""

from __future__ import annotations

import pytest

from authorities.models import Role
from tests.conferences.live_helpers import make_room
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(room, action=""):
    base = f"/api/v1/{room.conference.authority.slug}/live-conferences/{room.pk}/"
    return f"{base}{action}/" if action else base


def test_staff_read_the_live_state_and_practitioners_do_not_find_it(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    data = client.get(_url(room)).json()
    assert data["quorum"]["quorate"] is True
    professionals = [a for a in data["attendance"] if a["kind"] == "professional"]
    assert len(professionals) == 3 and len(data["children"]) == 2
    assert any(s["key"] == "professional_slot" and not s["family_visible"] for s in data["agenda"])
    client.force_login(room.professionals[0].membership.user)
    assert client.get(_url(room)).status_code == 404


def test_only_the_chair_changes_the_conference_through_the_api(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    body = {"invitation": room.professionals[0].pk, "attendance": "absent"}
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    assert client.post(_url(room, "attendance"), body, content_type="application/json").status_code == 403
    client.force_login(room.chair.user)
    response = client.post(_url(room, "attendance"), body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["quorum"]["quorate"] is False


def test_the_api_refuses_with_the_rule_id(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(room.chair.user)
    child = room.children[0]
    opinion = {
        "child": child.pk,
        "invitation": room.professionals[0].pk,
        "plan_needed": True,
        "reasons": "Worry",
    }
    response = client.post(_url(room, "opinions"), opinion, content_type="application/json")
    assert response.status_code == 400 and response.json()["rule_id"] == "CATEGORY"
    opinion["category"] = "emotional"
    opinion["score"] = 3
    data = client.post(_url(room, "opinions"), opinion, content_type="application/json").json()
    tally = next(c for c in data["children"] if c["child"] == child.pk)["tally"]
    assert tally["yes"] == 1 and tally["scores"] == [3]
    missing = client.post(
        _url(room, "opinions"), {**opinion, "invitation": 999999}, content_type="application/json"
    )
    assert missing.status_code == 400


def test_a_stale_agenda_note_is_a_conflict(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(room.chair.user)
    note = {"section": "worries", "text": "First", "version": 0}
    assert client.post(_url(room, "agenda-notes"), note, content_type="application/json").status_code == 200
    response = client.post(
        _url(room, "agenda-notes"), {**note, "text": "Second"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["current_text"] == "First" and response.json()["current_version"] == 1
