"""STEPDOWN-CIN-3M: a plan ended at a review starts the child in need plan it names, with its own
deadline for the step-down period; ending that plan sooner needs a reason (advised) or is refused
(required); off, nothing is asked. A plan ended with no child in need plan is overseen by the head
of service named on the decision, who is told and records their follow-up with the team manager."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Authority, Role, RuleSet, RuleSetting
from authorities.rules.checks import RuleViolation
from authorities.selectors import rule_set_in_force
from cases.models import ChildInNeedPlan, ChildProtectionPlan
from cases.plans import services
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date
from scheduling.models import Deadline, Notification
from tests.factories import AuthorityFactory, ChildProtectionPlanFactory, MembershipFactory, copy_rule_set

pytestmark = pytest.mark.django_db
RULE = "STEPDOWN-CIN-3M"


def _authority(mode: str) -> Authority:
    """Birmingham's rules (STEPDOWN-CIN-3M advised as shipped), with the rule's mode set to `mode`."""
    authority = AuthorityFactory(name=f"Stepshire {mode}", slug=f"stepshire-{mode}")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    RuleSetting.framework_objects.filter(authority=authority, rule_id=RULE).update(mode=mode)
    return authority


def _stepped_down(authority, *, days_ago: int) -> ChildInNeedPlan:
    """A CP plan that ended `days_ago` at a review, and the child in need plan that followed it."""
    ended = timezone.localdate() - datetime.timedelta(days=days_ago)
    plan = ChildProtectionPlanFactory(
        child__family__authority=authority, started_on=ended - datetime.timedelta(days=200), ended_on=ended
    )
    social_worker = plan.child.family.social_worker
    return services.start_step_down_plan(by=social_worker, plan=plan, started_on=ended)


@pytest.mark.parametrize("mode", ["advised", "required"])
def test_the_child_in_need_plan_gets_its_own_step_down_deadline(mode):
    authority = _authority(mode)
    cin = _stepped_down(authority, days_ago=10)
    deadline = Deadline.objects.for_authority(authority).get(rule_id=RULE)
    rules = rule_set_in_force(authority, on=cin.started_on)
    assert deadline.subject == cin and deadline.family_id == cin.child.family_id
    assert deadline.due_on == due_date(timescale_of(rules, RULE), cin.started_on, calendar_for(authority))
    assert services.minimum_end(cin) == deadline.due_on


def test_advised_ending_the_child_in_need_plan_early_needs_a_reason(two_authorities):
    authority = _authority("advised")
    cin = _stepped_down(authority, days_ago=10)
    sw = cin.child.family.social_worker
    with pytest.raises(RuleViolation) as asked:
        services.end_in_need_plan(by=sw, plan_id=cin.pk, ended_on=timezone.localdate())
    assert asked.value.rule_id == RULE and asked.value.answer.needs_reason and asked.value.field == "reason"
    assert ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk).ended_on is None

    services.end_in_need_plan(
        by=sw, plan_id=cin.pk, ended_on=timezone.localdate(), reason="Family moved abroad"
    )
    cin = ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk)
    assert cin.ended_on == timezone.localdate() and cin.end_reason == "Family moved abroad"
    deadline = Deadline.objects.for_authority(authority).get(rule_id=RULE)
    assert deadline.cancelled_at is not None
    assert deadline.history.first().history_change_reason == "ended early: Family moved abroad"


def test_required_ending_the_child_in_need_plan_early_is_refused_even_with_a_reason():
    authority = _authority("required")
    cin = _stepped_down(authority, days_ago=10)
    with pytest.raises(RuleViolation) as refused:
        services.end_in_need_plan(
            by=cin.child.family.social_worker, plan_id=cin.pk, ended_on=timezone.localdate(), reason="Wanted"
        )
    assert refused.value.rule_id == RULE and refused.value.answer.refused
    assert "runs until at least" in str(refused.value) and str(refused.value).endswith(f"({RULE})")
    assert ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk).ended_on is None


def test_required_after_the_step_down_period_the_plan_ends_and_meets_its_deadline():
    authority = _authority("required")
    cin = _stepped_down(authority, days_ago=120)
    services.end_in_need_plan(
        by=cin.child.family.social_worker, plan_id=cin.pk, ended_on=timezone.localdate()
    )
    deadline = Deadline.objects.for_authority(authority).get(rule_id=RULE)
    assert deadline.met_on == timezone.localdate() and deadline.cancelled_at is None


def test_off_no_step_down_deadline_and_no_reason_asked(two_authorities):
    mine, _ = two_authorities  # Barnsley's rules: STEPDOWN-CIN-3M off
    cin = _stepped_down(mine, days_ago=10)
    assert not Deadline.objects.for_authority(mine).filter(rule_id=RULE).exists()
    assert services.minimum_end(cin) is None
    services.end_in_need_plan(
        by=cin.child.family.social_worker, plan_id=cin.pk, ended_on=timezone.localdate()
    )
    assert ChildInNeedPlan.objects.for_authority(mine).get(pk=cin.pk).ended_on == timezone.localdate()


def test_a_child_in_need_plan_cannot_end_before_it_started(two_authorities):
    mine, _ = two_authorities
    cin = _stepped_down(mine, days_ago=10)
    with pytest.raises(ValidationError) as refused:
        services.end_in_need_plan(
            by=cin.child.family.social_worker,
            plan_id=cin.pk,
            ended_on=cin.started_on - datetime.timedelta(days=1),
        )
    assert "ended_on" in refused.value.message_dict


# --- head of service oversight -------------------------------------------------------------------


def _overseen(authority):
    plan = ChildProtectionPlanFactory(
        child__family__authority=authority,
        child__first_name="Zebedee",
        started_on=timezone.localdate() - datetime.timedelta(days=200),
        ended_on=timezone.localdate(),
        end_kind="review",
        end_reason="Family moving on well",
    )
    head = MembershipFactory(authority=authority, role=Role.HEAD_OF_SERVICE, user__full_name="Hana Head")
    services.ask_for_oversight(by=plan.child.family.social_worker, plan=plan, head_of_service=head)
    return plan, head


def test_the_head_of_service_is_told_by_case_reference_only():
    authority = _authority("advised")
    plan, head = _overseen(authority)
    (told,) = Notification.objects.for_authority(authority).filter(recipient=head.user)
    assert plan.child.family.reference in told.subject
    assert plan.child.first_name not in told.subject + told.body
    assert told.url == f"/{authority.slug}/cases/plans/{plan.pk}/oversight/"
    # Told once: asking again (a rerun) sends nothing more.
    services.ask_for_oversight(by=head, plan=plan, head_of_service=head)
    assert Notification.objects.for_authority(authority).filter(recipient=head.user).count() == 1


def test_the_head_of_service_records_their_follow_up_with_the_team_manager(client):
    authority = _authority("advised")
    plan, head = _overseen(authority)
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER, user__full_name="Tom Manager")
    client.force_login(head.user)
    url = f"/{authority.slug}/cases/plans/{plan.pk}/oversight/"
    case_page = client.get(f"/{authority.slug}/cases/{plan.child.family_id}/").content.decode()
    assert url in case_page and "follow-up not yet recorded" in case_page
    assert "Tom Manager" in client.get(url).content.decode()

    refused = client.post(url, {"team_manager": manager.pk, "follow_up": ""})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Say what you agreed with the team manager" in body and "Enter the date of the follow-up" in body

    today = timezone.localdate()
    response = client.post(
        url,
        {
            "team_manager": manager.pk,
            "follow_up": "Agreed a CIN review in 6 weeks",
            "on_day": today.day,
            "on_month": today.month,
            "on_year": today.year,
        },
    )
    assert response.status_code == 302
    plan = ChildProtectionPlan.objects.for_authority(authority).get(pk=plan.pk)
    assert (plan.oversight_team_manager, plan.oversight_recorded_on) == (manager, today)
    assert (
        plan.history.first().history_change_reason == "Head of service follow-up recorded (STEPDOWN-CIN-3M)"
    )


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.CHAIR])
def test_only_a_head_of_service_records_the_oversight(client, role):
    authority = _authority("advised")
    plan, _ = _overseen(authority)
    client.force_login(MembershipFactory(authority=authority, role=role).user)
    assert client.get(f"/{authority.slug}/cases/plans/{plan.pk}/oversight/").status_code == 403
