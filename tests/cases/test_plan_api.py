"""Plans in the API: read by whoever sees the child, with their items, versions and child in need
successors; ended with the same checks as the pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from authorities.models import Role
from cases.models import ChildProtectionPlan
from tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _api(client, membership):
    client.force_login(membership.user)
    return f"/api/v1/{membership.authority.slug}"


def test_staff_read_plans_with_their_child_in_need_successor(client, two_authorities):
    mine, theirs = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    cin = ChildInNeedPlanFactory(child=plan.child, stepped_down_from=plan)
    ChildProtectionPlanFactory(child__family__authority=theirs)
    api = _api(client, MembershipFactory(authority=mine, role=Role.CHAIR))

    listed = client.get(f"{api}/protection-plans/").json()
    assert [row["id"] for row in listed["results"]] == [plan.pk]
    detail = client.get(f"{api}/protection-plans/{plan.pk}/").json()
    assert detail["status"] == "active" and detail["in_need_plans"] == [cin.pk]
    assert client.get(f"{api}/in-need-plans/{cin.pk}/").json()["stepped_down_from"] == plan.pk
    assert client.get(f"{api}/protection-plans/?status=ended").json()["results"] == []


def test_a_practitioner_sees_only_the_plans_of_cases_they_are_invited_to(client, two_authorities):
    mine, _ = two_authorities
    invited = InvitationFactory(conference__family__authority=mine)
    seen = ChildProtectionPlanFactory(child=invited.conference.children.get())
    hidden = ChildProtectionPlanFactory(child__family__authority=mine)
    api = _api(client, invited.membership)
    assert [row["id"] for row in client.get(f"{api}/protection-plans/").json()["results"]] == [seen.pk]
    assert client.get(f"{api}/protection-plans/{hidden.pk}/").status_code == 404


def test_a_manager_ends_a_plan_through_the_api_and_its_versions_say_who_when_and_why(client, two_authorities):
    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    manager = MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER, user__full_name="Sam Manager")
    api = _api(client, manager)
    today = timezone.localdate()

    refused = client.post(
        f"{api}/protection-plans/{plan.pk}/end/", {"end_kind": "review", "ended_on": today.isoformat()}
    )
    assert refused.status_code == 400 and "end_kind" in refused.json()

    ended = client.post(
        f"{api}/protection-plans/{plan.pk}/end/",
        {"end_kind": "looked_after", "ended_on": today.isoformat(), "details": "Care order"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end_kind"] == "looked_after" and ended.json()["status"] == "ended"

    again = client.post(
        f"{api}/protection-plans/{plan.pk}/end/", {"end_kind": "died", "ended_on": today.isoformat()}
    )
    assert again.status_code == 400 and "already ended" in str(again.json())

    versions = client.get(f"{api}/protection-plans/{plan.pk}/versions/").json()
    assert [v["version"] for v in versions] == [1, 2]
    latest = versions[-1]
    assert latest["changed_by"] == "Sam Manager"
    assert latest["reason"] == "plan ended: the child became looked after"
    assert latest["changes"]["ended_on"] == today.isoformat()
    assert latest["changes"]["end_kind"] == "looked_after"


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.CHAIR, Role.BUSINESS_SUPPORT, Role.AUTHORITY_ADMIN]
)
def test_roles_that_may_not_end_a_plan_are_refused_by_the_api(client, two_authorities, role):
    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    api = _api(client, MembershipFactory(authority=mine, role=role))
    response = client.post(
        f"{api}/protection-plans/{plan.pk}/end/",
        {"end_kind": "died", "ended_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk).ended_on is None


def test_ending_a_stepped_down_child_in_need_plan_early_through_the_api_needs_a_reason(client):
    from authorities.models import Authority, RuleSet
    from cases.plans import services
    from tests.factories import AuthorityFactory, copy_rule_set

    authority = AuthorityFactory(name="Deltashire", slug="deltashire")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    plan = ChildProtectionPlanFactory(child__family__authority=authority, ended_on=timezone.localdate())
    cin = services.start_step_down_plan(
        by=plan.child.family.social_worker, plan=plan, started_on=plan.ended_on
    )
    api = _api(client, plan.child.family.social_worker)
    row = client.get(f"{api}/in-need-plans/{cin.pk}/").json()
    assert row["step_down_until"] == services.minimum_end(cin).isoformat()

    asked = client.post(f"{api}/in-need-plans/{cin.pk}/end/", {"ended_on": timezone.localdate().isoformat()})
    assert asked.status_code == 400
    assert asked.json()["rule_id"] == "STEPDOWN-CIN-3M" and asked.json()["needs_reason"] is True
    ended = client.post(
        f"{api}/in-need-plans/{cin.pk}/end/",
        {"ended_on": timezone.localdate().isoformat(), "reason": "Family moved abroad"},
    )
    assert ended.status_code == 200 and ended.json()["end_reason"] == "Family moved abroad"
    assert client.get(f"{api}/protection-plans/{plan.pk}/").json()["in_need_plans"] == [cin.pk]


def test_only_a_head_of_service_records_oversight_through_the_api(client, two_authorities):
    from cases.plans import services

    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine, ended_on=timezone.localdate())
    head = MembershipFactory(authority=mine, role=Role.HEAD_OF_SERVICE)
    services.ask_for_oversight(by=head, plan=plan, head_of_service=head)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    body = {
        "team_manager": manager.pk,
        "follow_up": "Agreed a CIN review",
        "on": timezone.localdate().isoformat(),
    }
    api = _api(client, manager)
    assert client.post(f"{api}/protection-plans/{plan.pk}/oversight/", body).status_code == 403
    api = _api(client, head)
    refused = client.post(f"{api}/protection-plans/{plan.pk}/oversight/", {**body, "team_manager": head.pk})
    assert refused.status_code == 400 and "team_manager" in refused.json()
    done = client.post(f"{api}/protection-plans/{plan.pk}/oversight/", body)
    assert done.status_code == 200 and done.json()["oversight_team_manager"] == manager.pk
