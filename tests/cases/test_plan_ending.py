"""Ending a child protection plan between conferences: a manager gives the reason and the date;
the family's plan deadlines stop with that reason in their history and its core group closes,
unless a brother or sister is still on a plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Role
from cases.models import ChildProtectionPlan
from cases.plans import services
from coregroups.models import CoreGroup, CoreGroupMeeting
from scheduling.models import Deadline
from scheduling.services import open_deadline
from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    ConferenceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _family_on_a_plan(authority, *, children: int = 1):
    """A family whose children are on plans, with a review deadline, a booked core group meeting."""
    first = ChildFactory(family__authority=authority)
    kids = [first] + [ChildFactory(family=first.family) for _ in range(children - 1)]
    plans = [ChildProtectionPlanFactory(child=child) for child in kids]
    conference = ConferenceFactory(family=first.family, children=kids)
    review = open_deadline(
        authority=authority,
        rule_id="RCPCN-6M",
        subject=conference,
        event_on=plans[0].started_on,
        label="Review conference",
        family_id=first.family_id,
    )
    group = CoreGroup.framework_objects.create(authority=authority, family=first.family)
    meeting = CoreGroupMeeting.framework_objects.create(
        authority=authority,
        core_group=group,
        scheduled_at=timezone.now() + datetime.timedelta(days=7),
        venue_note="Family home",
    )
    return plans, review, group, meeting


def test_a_manager_ends_a_plan_when_the_child_moves_away_and_the_family_deadlines_stop(two_authorities):
    mine, _ = two_authorities
    (plan,), review, group, meeting = _family_on_a_plan(mine)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    today = timezone.localdate()

    services.end_plan(
        by=manager, plan_id=plan.pk, end_kind="moved_authority", ended_on=today, details="Moved to Leeds"
    )

    plan = ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk)
    assert (plan.ended_on, plan.end_kind, plan.end_reason, plan.ended_by) == (
        today,
        "moved_authority",
        "Moved to Leeds",
        manager,
    )
    assert plan.history.first().history_change_reason == "plan ended: the child moved to another authority"
    review = Deadline.objects.for_authority(mine).get(pk=review.pk)
    assert review.cancelled_at is not None
    assert "the child moved to another authority" in review.history.first().history_change_reason
    assert CoreGroup.objects.for_authority(mine).get(pk=group.pk).ended_on == today
    meeting = CoreGroupMeeting.objects.for_authority(mine).get(pk=meeting.pk)
    assert meeting.cancelled_at is not None and "moved to another authority" in meeting.change_reason


def test_while_a_sibling_is_still_on_a_plan_the_family_deadlines_and_core_group_carry_on(two_authorities):
    mine, _ = two_authorities
    (plan, sibling), review, group, _ = _family_on_a_plan(mine, children=2)
    manager = MembershipFactory(authority=mine, role=Role.HEAD_OF_SERVICE)

    services.end_plan(by=manager, plan_id=plan.pk, end_kind="turned_18", ended_on=timezone.localdate())

    assert Deadline.objects.for_authority(mine).get(pk=review.pk).cancelled_at is None
    assert CoreGroup.objects.for_authority(mine).get(pk=group.pk).ended_on is None
    assert ChildProtectionPlan.objects.for_authority(mine).get(pk=sibling.pk).ended_on is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end_kind": "moved_authority", "ended_on": None}, "ended_on"),
        ({"end_kind": "review", "ended_on": "today"}, "end_kind"),
        ({"end_kind": "died", "ended_on": "tomorrow"}, "ended_on"),
        ({"end_kind": "died", "ended_on": "before the start"}, "ended_on"),
    ],
)
def test_ending_a_plan_is_refused_naming_the_field(two_authorities, kwargs, field):
    mine, _ = two_authorities
    (plan,), review, _, _ = _family_on_a_plan(mine)
    today = timezone.localdate()
    days = {
        "today": today,
        "tomorrow": today + datetime.timedelta(days=1),
        "before the start": plan.started_on - datetime.timedelta(days=1),
        None: None,
    }
    kwargs = {**kwargs, "ended_on": days[kwargs["ended_on"]]}
    with pytest.raises(ValidationError) as refused:
        services.end_plan(
            by=MembershipFactory(authority=mine, role=Role.TEAM_MANAGER), plan_id=plan.pk, **kwargs
        )
    assert field in refused.value.message_dict
    assert ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk).ended_on is None
    assert Deadline.objects.for_authority(mine).get(pk=review.pk).cancelled_at is None


def test_a_plan_ends_once(two_authorities):
    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    services.end_plan(by=manager, plan_id=plan.pk, end_kind="died", ended_on=timezone.localdate())
    with pytest.raises(ValidationError, match="already ended"):
        services.end_plan(by=manager, plan_id=plan.pk, end_kind="looked_after", ended_on=timezone.localdate())


# --- the page ----------------------------------------------------------------------------------


def _date_parts(day: datetime.date, name: str = "ended_on") -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_team_manager_ends_a_plan_from_the_case_page(client, two_authorities):
    mine, _ = two_authorities
    (plan,), *_ = _family_on_a_plan(mine)
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    client.force_login(manager.user)
    case_page = client.get(f"/{mine.slug}/cases/{plan.child.family_id}/").content.decode()
    url = f"/{mine.slug}/cases/plans/{plan.pk}/end/"
    assert url in case_page and "End this plan" in case_page

    page = client.get(url).content.decode()
    assert "closes the family's core group" in page and "Review conference" in page

    refused = client.post(
        url, {"end_kind": "looked_after", **_date_parts(timezone.localdate())} | {"ended_on_month": ""}
    )
    assert refused.status_code == 200
    assert "Date the plan ended must include a month" in refused.content.decode()

    today = timezone.localdate()
    response = client.post(url, {"end_kind": "looked_after", **_date_parts(today), "details": "Care order"})
    assert response.status_code == 302
    plan = ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk)
    assert plan.end_kind == "looked_after" and plan.ended_on == today
    shown = client.get(response["Location"]).content.decode()
    assert f"plan ended on {today.day} {today:%B %Y}" in shown
    assert "The child became looked after" in shown


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.CHAIR, Role.PRACTITIONER, Role.BUSINESS_SUPPORT])
def test_only_managers_may_end_a_plan(client, two_authorities, role):
    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=role).user)
    url = f"/{mine.slug}/cases/plans/{plan.pk}/end/"
    # A practitioner not invited to the case does not see the plan at all.
    expected = 404 if role == Role.PRACTITIONER else 403
    assert client.get(url).status_code == expected
    today = timezone.localdate()
    assert client.post(url, {"end_kind": "died", **_date_parts(today)}).status_code == expected
    assert ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk).ended_on is None


def test_another_authoritys_plan_is_not_found(client, two_authorities):
    mine, theirs = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=theirs)
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    for slug in (mine.slug, theirs.slug):
        assert client.get(f"/{slug}/cases/plans/{plan.pk}/end/").status_code == 404
