"""A child protection plan's lines through the API (`plan-items/`): added, changed and removed
between conferences by the case's social worker, their team manager or a chair, with OUTCOME's
checks (as in the room) and every version kept with who, when and why (PLAN-CHANGES)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from authorities.models import Role
from cases.models import PlanItem
from tests.factories import ChildProtectionPlanFactory, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _api(client, membership):
    client.force_login(membership.user)
    return f"/api/v1/{membership.authority.slug}/plan-items/"


def _plan(authority):
    plan = ChildProtectionPlanFactory(
        child__family__authority=authority, started_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    danger = PlanItem.framework_objects.create(
        authority=authority, plan=plan, kind="danger", text="Dad drinks when he has the children"
    )
    return plan, danger


def _action(plan, danger, **extra):
    return {
        "plan": plan.pk,
        "kind": "action",
        "text": "Alcohol service assessment",
        "owner_name": "Dad's key worker",
        "due_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "answers": danger.pk,
        "why": "Agreed at the core group on Tuesday",
        **extra,
    }


def test_the_social_worker_adds_changes_and_marks_done_an_action_with_its_history(client, two_authorities):
    mine, _ = two_authorities  # Barnsley's rules: OUTCOME required
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)

    made = client.post(url, _action(plan, danger), content_type="application/json")
    assert made.status_code == 201, made.json()
    item = made.json()
    assert (item["plan"], item["kind"], item["answers"]) == (plan.pk, "action", danger.pk)

    today = timezone.localdate()
    done = client.patch(
        f"{url}{item['id']}/",
        {"done_on": today.isoformat(), "why": "Assessment done"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["done_on"] == today.isoformat()

    versions = client.get(f"{url}{item['id']}/versions/").json()
    assert [(v["version"], v["change"], v["reason"]) for v in versions] == [
        (1, "created", "plan changed: Agreed at the core group on Tuesday"),
        (2, "changed", "plan changed: Assessment done"),
    ]
    assert versions[1]["changes"] == {"done_on": today.isoformat()}
    assert versions[1]["changed_by"] == plan.child.family.social_worker.user.display_name
    listed = client.get(f"/api/v1/{mine.slug}/protection-plans/{plan.pk}/").json()["items"]
    assert {row["id"] for row in listed} == {danger.pk, item["id"]}


def test_an_action_without_owner_date_or_danger_is_refused_naming_outcome(client, two_authorities):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    refused = client.post(
        url,
        _action(plan, danger, owner_name="", due_on=None, answers=None),
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["rule_id"] == "OUTCOME"
    assert not PlanItem.objects.for_authority(mine).filter(kind="action").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"why": ""}, "why"),
        ({"text": " "}, "text"),
        ({"done_on": "2999-01-01"}, "done_on"),
        ({"due_on": "2001-01-01"}, "due_on"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, two_authorities, change, field):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    response = client.post(url, _action(plan, danger, **change), content_type="application/json")
    assert response.status_code == 400 and field in str(response.json()), response.json()


def test_an_outcome_needs_its_indicators_and_who_collects_them(client, two_authorities):
    mine, _ = two_authorities
    plan, _ = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    body = {"plan": plan.pk, "kind": "outcome", "text": "Ada is safe at home", "why": "Core group"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["rule_id"] == "OUTCOME"
    body |= {"indicators": "School attendance above 95%", "collected_by": "School"}
    assert client.post(url, body, content_type="application/json").status_code == 201


def test_a_danger_an_action_answers_stays_and_a_removed_line_keeps_its_history(client, two_authorities):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    action = client.post(url, _action(plan, danger), content_type="application/json").json()
    refused = client.post(f"{url}{danger.pk}/remove/", {"why": "Resolved"})
    assert refused.status_code == 400
    assert client.post(f"{url}{action['id']}/remove/", {"why": "Not needed now"}).status_code == 204
    assert client.post(f"{url}{danger.pk}/remove/", {"why": "Resolved"}).status_code == 204
    gone = PlanItem.history.filter(id=danger.pk).first()
    assert gone.history_type == "-" and gone.history_change_reason == "plan changed: Resolved"


def test_a_chair_and_the_social_workers_team_manager_may_change_the_plan(client, two_authorities):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    worker = plan.child.family.social_worker
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    worker.team_manager = manager
    worker.save()
    for who in (MembershipFactory(authority=mine, role=Role.CHAIR), manager):
        url = _api(client, who)
        response = client.patch(
            f"{url}{danger.pk}/",
            {"text": f"Changed by {who.role}", "why": "Reworded"},
            content_type="application/json",
        )
        assert response.status_code == 200, who.role


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
def test_staff_not_on_the_case_may_read_but_not_change_the_plan(client, two_authorities, role):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, MembershipFactory(authority=mine, role=role))
    assert client.get(f"{url}{danger.pk}/").status_code == 200
    assert (
        client.patch(
            f"{url}{danger.pk}/", {"text": "x", "why": "y"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.post(url, _action(plan, danger), content_type="application/json").status_code == 403
    assert client.post(f"{url}{danger.pk}/remove/", {"why": "y"}).status_code == 403
    assert (
        PlanItem.objects.for_authority(mine).get(pk=danger.pk).text == "Dad drinks when he has the children"
    )


def test_a_practitioner_sees_the_lines_only_of_a_case_they_are_invited_to(client, two_authorities):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    url = _api(client, practitioner)
    assert client.get(f"{url}{danger.pk}/").status_code == 404
    InvitationFactory(conference__family=plan.child.family, membership=practitioner)
    assert client.get(f"{url}{danger.pk}/").status_code == 200
    assert (
        client.patch(
            f"{url}{danger.pk}/", {"text": "x", "why": "y"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_an_ended_plan_keeps_its_lines(client, two_authorities):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    plan.ended_on = timezone.localdate()
    plan.save()
    url = _api(client, plan.child.family.social_worker)
    response = client.patch(f"{url}{danger.pk}/", {"text": "x", "why": "y"}, content_type="application/json")
    assert response.status_code == 400 and "ended" in str(response.json())


def test_lines_changed_between_conferences_reach_the_review_version_by_version(two_authorities, clock):
    from cases.plans import items
    from conferences.live.minutes import render_minutes_html
    from conferences.live.plan_changes import plan_changes_context
    from tests.coregroups.helpers import at, held_initial
    from tests.factories import ConferenceFactory

    mine, _ = two_authorities  # Barnsley's rules: PLAN-CHANGES advised
    setup = held_initial(mine, clock)
    plan = setup.room.children[0].protection_plans.get()
    clock.day = datetime.date(2026, 12, 14)
    worker = setup.social_worker
    line = items.add_item(
        by=worker,
        plan_id=plan.pk,
        line=items.PlanLineIn(kind="safety_goal", text="Gran supervises contact"),
        why="Agreed with the family",
    )
    items.change_item(
        by=worker, item_id=line.pk, changes={"text": "Gran or Aunt supervise contact"}, why="Aunt too"
    )
    clock.day = datetime.date(2027, 2, 22)
    review = ConferenceFactory(
        family=setup.room.conference.family,
        children=setup.room.children,
        kind="review",
        previous=setup.room.conference,
        starts_at=at(datetime.date(2027, 2, 22)),
    )
    versions = plan_changes_context(review, review.rule_set_in_force())["plan_changes"]
    assert [(v.text, v.version, v.action, v.why) for v in versions] == [
        ("Safety goal: Gran supervises contact", 1, "Line added", "Agreed with the family"),
        ("Safety goal: Gran or Aunt supervise contact", 2, "Line changed", "Aunt too"),
    ]
    assert versions[0].meeting_on == datetime.date(2026, 12, 14)
    assert versions[0].by == worker.user.display_name
    assert "Gran or Aunt supervise contact" in render_minutes_html(review, family=False)
