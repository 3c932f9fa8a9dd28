"""An escalation's reason and the notes on its steps are longer writing (what happened, what was
tried), so they take the notes' limit of 10,000 characters: a longer paste is refused on the page
with a message naming the box, given back whole to shorten, and by the API with a 400 naming the
field; the escalation stays as it was."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from authorities.text_limits import NOTES_MAX_LENGTH
from scheduling.models import Escalation, EscalationStatus
from tests.scheduling.escalating import raise_one, url

pytestmark = pytest.mark.django_db

TOO_LONG = ("What has been tried " * 600)[: NOTES_MAX_LENGTH + 1]


def test_a_too_long_reason_for_raising_is_refused_on_the_page_and_kept_in_the_box(client, people):
    worker = people["social_worker"]
    client.force_login(worker.user)

    answer = client.post(url(worker.authority, "new/"), {"kind": "other", "reason": TOO_LONG})

    assert answer.status_code == 200
    assert answer.context["form"].errors["reason"] == [
        f"“Why are you raising it” must be 10,000 characters or fewer (this has {NOTES_MAX_LENGTH + 1})"
    ]
    assert TOO_LONG in answer.content.decode()
    assert not Escalation.objects.for_authority(worker.authority).exists()


def test_a_too_long_note_on_a_step_names_that_steps_box(client, people):
    escalation = raise_one(people)
    client.force_login(people["team_manager"].user)

    answer = client.post(
        url(escalation.authority, f"{escalation.pk}/"), {"step": "resolve", "resolve-note": TOO_LONG}
    )

    assert answer.status_code == 200
    assert escape("“How it was resolved” must be 10,000 characters or fewer") in answer.content.decode()
    assert TOO_LONG in answer.content.decode()
    escalation.refresh_from_db()
    assert escalation.status != EscalationStatus.RESOLVED and escalation.resolution == ""


def test_the_api_refuses_a_too_long_reason_or_note_with_a_400_naming_the_field(client, people):
    escalation = raise_one(people)
    authority = escalation.authority
    client.force_login(people["team_manager"].user)
    api = f"/api/v1/{authority.slug}/escalations/"
    json = {"content_type": "application/json"}

    raised = client.post(api, {"kind": "other", "reason": TOO_LONG}, **json)
    resolved = client.post(f"{api}{escalation.pk}/resolve/", {"note": TOO_LONG}, **json)

    assert raised.status_code == resolved.status_code == 400
    assert raised.json()["reason"] == resolved.json()["note"] == ["Must be 10,000 characters or fewer."]
    assert Escalation.objects.for_authority(authority).count() == 1
    escalation.refresh_from_db()
    assert escalation.status != EscalationStatus.RESOLVED
