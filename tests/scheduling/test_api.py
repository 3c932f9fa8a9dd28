"""The scheduling API: deadlines (read), escalations (raise and work on them), own notifications."""

from __future__ import annotations

import pytest

from authorities.models import Role
from scheduling.models import Escalation
from tests.factories import DeadlineFactory, MembershipFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def api(authority, path):
    return f"/api/v1/{authority.slug}/{path}"


def test_deadlines_list_filters_by_status(client, two_authorities):
    mine, theirs = two_authorities
    DeadlineFactory(family__authority=mine, status="overdue", label="Late one")
    DeadlineFactory(family__authority=mine, status="not_due", label="Fine one")
    DeadlineFactory(family__authority=theirs, status="overdue", label="Theirs")
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    rows = client.get(api(mine, "deadlines/?status=overdue")).json()["results"]
    assert [row["label"] for row in rows] == ["Late one"]


def test_an_escalation_is_raised_and_worked_on_through_the_api(client, two_authorities):
    mine, _ = two_authorities
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    client.force_login(social_worker.user)
    created = client.post(
        api(mine, "escalations/"),
        {"kind": "score_all_zero", "reason": "All scored 0"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["level"] == 1 and created.json()["events"][0]["action"] == "raised"
    refused = client.post(
        api(mine, f"escalations/{pk}/resolve/"), {"note": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403  # a social worker is not on Barnsley's first rung
    client.force_login(manager.user)
    ack = client.post(api(mine, f"escalations/{pk}/acknowledge/"), {}, content_type="application/json")
    assert ack.json()["status"] == "acknowledged"
    up = client.post(
        api(mine, f"escalations/{pk}/move-up/"), {"note": "Stuck"}, content_type="application/json"
    )
    assert up.json()["level"] == 2 and up.json()["previous"] == pk
    empty = client.post(
        api(mine, f"escalations/{up.json()['id']}/resolve/"), {}, content_type="application/json"
    )
    assert empty.status_code == 400 and empty.json()["rule_id"] == "ESCALATION"
    assert Escalation.objects.for_authority(mine).count() == 2


def test_notifications_api_shows_only_my_own_and_marks_read(client, two_authorities):
    mine, _ = two_authorities
    me = MembershipFactory(authority=mine)
    mine_one = NotificationFactory(authority=mine, recipient=me.user, subject="Mine")
    other = NotificationFactory(authority=mine, recipient=MembershipFactory(authority=mine).user)
    client.force_login(me.user)
    assert [n["subject"] for n in client.get(api(mine, "notifications/?unread=true")).json()["results"]] == [
        "Mine"
    ]
    assert client.get(api(mine, f"notifications/{other.pk}/")).status_code == 404
    read = client.post(api(mine, f"notifications/{mine_one.pk}/read/"))
    assert read.json()["read_at"] is not None
    assert client.get(api(mine, "notifications/?unread=true")).json()["results"] == []
