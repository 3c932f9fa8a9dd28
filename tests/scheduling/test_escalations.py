"""Escalations people raise and work on, in the browser and through the services."""

from __future__ import annotations

from datetime import date

import pytest

from authorities.rules.checks import RuleViolation
from scheduling import escalations
from scheduling.models import Escalation, EscalationEvent, EscalationStatus, Notification
from tests.factories import EscalationFactory, FamilyFactory
from tests.scheduling.escalating import MONDAY, raise_one, url

pytestmark = pytest.mark.django_db


def test_a_social_worker_raises_a_concern_to_the_first_rung_and_its_holders_are_told(people):
    escalation = raise_one(people)
    assert (escalation.level, escalation.roles) == (1, ["team_manager", "chair"])
    assert escalation.respond_by == date(2026, 3, 4)
    assert escalation.raised_by == people["social_worker"]
    told = Notification.objects.for_authority(escalation.authority).filter(
        dedupe_key=f"escalation:{escalation.pk}"
    )
    assert {n.recipient_id for n in told} == {people["team_manager"].user_id, people["chair"].user_id}
    event = escalation.events.get()
    assert (event.action, event.by, event.note) == ("raised", people["social_worker"], escalation.reason)
    assert escalation.history.get().history_user == people["social_worker"].user


def test_raising_without_a_reason_is_refused_naming_the_rule(people):
    with pytest.raises(RuleViolation) as refused:
        raise_one(people, reason="  ")
    assert str(refused.value).endswith("(ESCALATION)")
    assert refused.value.field == "reason"


def test_a_family_of_another_authority_cannot_be_named(people, two_authorities):
    _, theirs = two_authorities
    with pytest.raises(RuleViolation):
        escalations.raise_escalation(
            by=people["social_worker"], kind="other", reason="x", family_id=FamilyFactory(authority=theirs).pk
        )


def test_acknowledge_comment_move_up_and_resolve_are_each_recorded(people):
    escalation = raise_one(people)
    escalations.acknowledge_escalation(escalation_id=escalation.pk, by=people["team_manager"], note="Looking")
    escalations.comment_on_escalation(escalation_id=escalation.pk, by=people["chair"], note="Spoke to police")
    higher = escalations.move_up_escalation(
        escalation_id=escalation.pk,
        by=people["team_manager"],
        reason="Police still not attending",
        today=MONDAY,
    )
    assert (higher.level, higher.previous_id, higher.roles) == (2, escalation.pk, ["service_manager"])
    escalations.resolve_escalation(escalation_id=higher.pk, by=people["service_manager"], resolution="Agreed")
    escalation.refresh_from_db()
    higher.refresh_from_db()
    assert (escalation.status, higher.status) == (EscalationStatus.MOVED_UP, EscalationStatus.RESOLVED)
    actions = list(
        EscalationEvent.objects.for_authority(escalation.authority).values_list(
            "escalation__level", "action", "by"
        )
    )
    assert actions == [
        (1, "raised", people["social_worker"].pk),
        (1, "acknowledged", people["team_manager"].pk),
        (1, "commented", people["chair"].pk),
        (1, "moved_up", people["team_manager"].pk),
        (2, "raised", people["team_manager"].pk),
        (2, "resolved", people["service_manager"].pk),
    ]
    assert (
        Notification.objects.for_authority(escalation.authority)
        .filter(dedupe_key=f"escalation:{higher.pk}", recipient=people["service_manager"].user)
        .exists()
    )
    assert [h.history_user for h in escalation.history.order_by("history_id")] == [
        people["social_worker"].user,
        people["team_manager"].user,
        people["team_manager"].user,
    ]


def test_a_resolved_escalation_cannot_be_resolved_or_moved_up_again(people):
    escalation = raise_one(people)
    escalations.resolve_escalation(escalation_id=escalation.pk, by=people["chair"], resolution="Sorted")
    with pytest.raises(RuleViolation):
        escalations.resolve_escalation(escalation_id=escalation.pk, by=people["chair"], resolution="Again")
    with pytest.raises(RuleViolation):
        escalations.move_up_escalation(escalation_id=escalation.pk, by=people["chair"], reason="Why not")
    assert escalation.events.count() == 2


def test_the_top_of_the_ladder_cannot_be_moved_up(people):
    escalation = raise_one(people)
    for level, by in ((1, "team_manager"), (2, "service_manager"), (3, "head_of_service")):
        escalation = escalations.move_up_escalation(
            escalation_id=escalation.pk, by=people[by], reason=f"L{level}"
        )
    assert escalation.level == 4
    with pytest.raises(RuleViolation, match="top of this authority's ladder"):
        escalations.move_up_escalation(
            escalation_id=escalation.pk, by=people["head_of_service"], reason="more"
        )


# --- pages ------------------------------------------------------------------------------------


def test_a_social_worker_raises_an_escalation_in_the_browser(client, people):
    social_worker = people["social_worker"]
    family = FamilyFactory(authority=social_worker.authority, social_worker=social_worker, name="Ash family")
    client.force_login(social_worker.user)
    page = client.get(url(social_worker.authority, "new/"))
    assert page.status_code == 200 and "Ash family" in page.content.decode()
    response = client.post(
        url(social_worker.authority, "new/"),
        {"kind": "poor_attendance", "family": family.pk, "reason": "Police missed three core groups."},
    )
    escalation = Escalation.objects.for_authority(social_worker.authority).get()
    assert response.status_code == 302 and response["Location"] == url(
        social_worker.authority, f"{escalation.pk}/"
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Police missed three core groups." in detail and "Ash family" in detail


def test_the_raise_form_shows_errors_without_losing_what_was_typed(client, people):
    client.force_login(people["social_worker"].user)
    response = client.post(url(people["social_worker"].authority, "new/"), {"reason": "Typed text"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Typed text" in body


def test_a_practitioner_may_not_raise_escalations(client, people):
    client.force_login(people["practitioner"].user)
    authority = people["practitioner"].authority
    assert (
        "raised by social workers, chairs and managers" in client.get(url(authority, "new/")).content.decode()
    )
    assert client.post(url(authority, "new/"), {"kind": "other", "reason": "x"}).status_code == 403
    escalation = EscalationFactory(deadline__family__authority=authority)
    assert client.get(url(authority, f"{escalation.pk}/")).status_code == 404


def test_the_team_manager_acknowledges_and_resolves_in_the_browser(client, people):
    escalation = raise_one(people)
    authority = escalation.authority
    client.force_login(people["team_manager"].user)
    page = url(authority, f"{escalation.pk}/")
    assert client.post(page, {"step": "acknowledge", "acknowledge-note": ""}).status_code == 302
    missing = client.post(page, {"step": "resolve", "resolve-note": ""})
    assert missing.status_code == 200 and "There is a problem" in missing.content.decode()
    assert (
        client.post(page, {"step": "resolve", "resolve-note": "Agreed a plan with police"}).status_code == 302
    )
    escalation.refresh_from_db()
    assert (
        escalation.status == EscalationStatus.RESOLVED
        and escalation.resolution == "Agreed a plan with police"
    )
    assert "Agreed a plan with police" in client.get(page).content.decode()


def test_business_support_may_comment_but_not_resolve(client, people):
    escalation = raise_one(people)
    client.force_login(people["business_support"].user)
    page = url(escalation.authority, f"{escalation.pk}/")
    assert client.post(page, {"step": "comment", "comment-note": "Letters sent"}).status_code == 302
    assert client.post(page, {"step": "resolve", "resolve-note": "Done"}).status_code == 403
    assert client.post(page, {"step": "nonsense"}).status_code == 400
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_moving_up_in_the_browser_lands_on_the_new_level(client, people):
    escalation = raise_one(people)
    client.force_login(people["chair"].user)
    response = client.post(
        url(escalation.authority, f"{escalation.pk}/"), {"step": "move_up", "move_up-note": "Stuck"}
    )
    higher = Escalation.objects.for_authority(escalation.authority).get(level=2)
    assert response["Location"] == url(escalation.authority, f"{higher.pk}/")
    body = client.get(response["Location"]).content.decode()
    assert "Service Manager, Safeguarding and Reviewing Unit" in body and "Stuck" in body


def test_the_list_shows_unresolved_escalations_first_and_all_on_request(
    client, people, django_assert_max_num_queries
):
    for n in range(30):
        raise_one(people, reason=f"Concern {n}")
    resolved = raise_one(people, reason="Old concern")
    escalations.resolve_escalation(escalation_id=resolved.pk, by=people["chair"], resolution="Done")
    client.force_login(people["service_manager"].user)
    with django_assert_max_num_queries(14):
        body = client.get(url(resolved.authority)).content.decode()
    assert "Concern 29" in body and "Old concern" not in body
    assert "Old concern" in client.get(url(resolved.authority) + "?show=all").content.decode()
