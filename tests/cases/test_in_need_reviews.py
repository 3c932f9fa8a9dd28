"""A child in need plan's reviews (STEPDOWN-CIN-3M): a review on or after the three-month point
meets the stepped-down plan's deadline on the review's day, so the sweep stops escalating it; a
review that ends the plan goes through the same checks as ending it (advised: a reason before the
three months; required: refused; off: nothing asked); a plan that continues records the date of the
next review (no rule sets that interval, so it carries no rule id)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from authorities.models import Authority, Role, RuleSet, RuleSetting
from authorities.rules.checks import RuleViolation
from cases.models import ChildInNeedPlan, ChildInNeedReview
from cases.plans import services
from cases.plans.reviews import InNeedReviewIn, record_in_need_review
from scheduling.models import Deadline, Escalation
from scheduling.sweep import sweep_authority
from tests.factories import (
    AuthorityFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    MembershipFactory,
    copy_rule_set,
)

pytestmark = pytest.mark.django_db
RULE = "STEPDOWN-CIN-3M"
PLAN_ENDED = datetime.date(2026, 3, 2)  # a Monday; the step-down period runs from here


def _authority(mode: str) -> Authority:
    """Birmingham's rules (STEPDOWN-CIN-3M advised as shipped), with the rule's mode set to `mode`."""
    authority = AuthorityFactory(name=f"Reviewshire {mode}", slug=f"reviewshire-{mode}")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    RuleSetting.framework_objects.filter(authority=authority, rule_id=RULE).update(mode=mode)
    return authority


def _stepped_down(authority, clock) -> ChildInNeedPlan:
    clock.day = PLAN_ENDED
    plan = ChildProtectionPlanFactory(
        child__family__authority=authority,
        started_on=PLAN_ENDED - datetime.timedelta(days=200),
        ended_on=PLAN_ENDED,
        end_kind="review",
    )
    return services.start_step_down_plan(by=plan.child.family.social_worker, plan=plan, started_on=PLAN_ENDED)


def _deadline(cin) -> Deadline:
    return Deadline.objects.for_authority(cin.authority).get(rule_id=RULE, subject_id=cin.pk)


def _review(cin, held_on, outcome="continue", **kwargs):
    data = {"attended": "Sam Carter (mother), Priya Shah (school nurse)", "notes": "Going well"}
    if outcome == "continue":
        data["next_review_on"] = held_on + datetime.timedelta(days=42)
    data.update(kwargs)
    return record_in_need_review(
        by=cin.child.family.social_worker,
        plan_id=cin.pk,
        review=InNeedReviewIn(held_on=held_on, outcome=outcome, **data),
    )


@pytest.mark.parametrize("mode", ["advised", "required"])
def test_a_review_at_three_months_meets_the_step_down_deadline_on_its_day(clock, mode):
    authority = _authority(mode)
    cin = _stepped_down(authority, clock)
    due = _deadline(cin).due_on
    clock.day = due + datetime.timedelta(days=3)
    review = _review(cin, due)
    deadline = _deadline(cin)
    assert (deadline.met_on, deadline.status) == (due, "met_on_time")
    assert review.next_review_on == due + datetime.timedelta(days=42)
    assert review.history.first().history_change_reason == "child in need review: the plan continues"
    assert review.history.first().history_user == cin.child.family.social_worker.user


def test_a_review_before_the_three_month_point_leaves_the_deadline_running(clock):
    authority = _authority("advised")
    cin = _stepped_down(authority, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=30)
    _review(cin, clock.day)
    assert _deadline(cin).met_on is None
    assert ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk).ended_on is None


def test_a_review_after_the_three_month_point_meets_it_late(clock):
    authority = _authority("required")
    cin = _stepped_down(authority, clock)
    due = _deadline(cin).due_on
    clock.day = due + datetime.timedelta(days=20)
    _review(cin, due + datetime.timedelta(days=10))
    deadline = _deadline(cin)
    assert (deadline.met_on, deadline.status) == (due + datetime.timedelta(days=10), "met_late")


def test_required_a_review_cannot_end_the_plan_before_three_months(clock):
    authority = _authority("required")
    cin = _stepped_down(authority, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=30)
    with pytest.raises(RuleViolation) as refused:
        _review(cin, clock.day, outcome="end", reason="Family doing well")
    assert refused.value.rule_id == RULE and refused.value.answer.refused
    assert str(refused.value).endswith(f"({RULE})")
    # Nothing was kept: neither the review nor an end.
    assert not ChildInNeedReview.objects.for_authority(authority).exists()
    assert ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk).ended_on is None


def test_advised_a_review_ends_the_plan_early_only_with_a_reason(clock):
    authority = _authority("advised")
    cin = _stepped_down(authority, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=30)
    with pytest.raises(RuleViolation) as asked:
        _review(cin, clock.day, outcome="end")
    assert asked.value.answer.needs_reason and asked.value.field == "reason"

    review = _review(cin, clock.day, outcome="end", reason="Family moved abroad")
    cin = ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk)
    assert (cin.ended_on, cin.end_reason) == (clock.day, "Family moved abroad")
    assert review.next_review_on is None
    assert _deadline(cin).cancelled_at is not None


def test_a_review_after_three_months_ends_the_plan_and_meets_the_deadline(clock):
    authority = _authority("required")
    cin = _stepped_down(authority, clock)
    due = _deadline(cin).due_on
    clock.day = due
    _review(cin, due, outcome="end")
    assert ChildInNeedPlan.objects.for_authority(authority).get(pk=cin.pk).ended_on == due
    assert _deadline(cin).met_on == due


def test_off_no_deadline_and_the_review_ends_the_plan_whenever(clock, two_authorities):
    mine, _ = two_authorities  # Barnsley's rules: STEPDOWN-CIN-3M off
    cin = _stepped_down(mine, clock)
    assert not Deadline.objects.for_authority(mine).filter(rule_id=RULE).exists()
    clock.day = PLAN_ENDED + datetime.timedelta(days=7)
    _review(cin, clock.day)
    _review(cin, clock.day, outcome="end")
    assert ChildInNeedPlan.objects.for_authority(mine).get(pk=cin.pk).ended_on == clock.day
    assert ChildInNeedReview.objects.for_authority(mine).filter(plan=cin).count() == 2


@pytest.mark.parametrize(
    ("field", "change", "words"),
    [
        ("held_on", {"held_on": None}, "Enter the date the review was held"),
        ("held_on", {"held_on": PLAN_ENDED - datetime.timedelta(days=1)}, "cannot be before that"),
        ("held_on", {"held_on": PLAN_ENDED + datetime.timedelta(days=60)}, "cannot be in the future"),
        ("attended", {"attended": "  "}, "Say who attended"),
        ("outcome", {"outcome": "maybe"}, "continues or ends"),
        ("next_review_on", {"next_review_on": None}, "Enter the date of the next review"),
        ("next_review_on", {"next_review_on": PLAN_ENDED}, "comes after this review"),
        ("next_review_on", {"next_review_on": PLAN_ENDED + datetime.timedelta(days=800)}, "within a year"),
    ],
)
def test_bad_input_is_refused_naming_the_field(clock, two_authorities, field, change, words):
    mine, _ = two_authorities
    cin = _stepped_down(mine, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=14)
    data = {
        "held_on": PLAN_ENDED + datetime.timedelta(days=7),
        "attended": "Sam Carter",
        "outcome": "continue",
        "next_review_on": PLAN_ENDED + datetime.timedelta(days=50),
    }
    data.update(change)
    with pytest.raises(ValidationError) as refused:
        record_in_need_review(
            by=cin.child.family.social_worker, plan_id=cin.pk, review=InNeedReviewIn(**data)
        )
    assert words in " ".join(refused.value.message_dict[field])


def test_an_ended_plan_takes_no_more_reviews(clock, two_authorities):
    mine, _ = two_authorities
    cin = _stepped_down(mine, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=7)
    _review(cin, clock.day, outcome="end")
    with pytest.raises(ValidationError, match="has no more reviews"):
        _review(cin, clock.day)


def test_the_sweep_escalates_an_unreviewed_plan_and_not_a_reviewed_one(clock):
    authority = _authority("required")
    reviewed = _stepped_down(authority, clock)
    forgotten = _stepped_down(authority, clock)
    due = _deadline(reviewed).due_on
    clock.day = due
    _review(reviewed, due)
    later = due + datetime.timedelta(days=21)
    clock.day = later
    sweep_authority(authority_id=authority.pk, today=later)
    sweep_authority(authority_id=authority.pk, today=later)  # a second run changes nothing
    escalated = Escalation.objects.for_authority(authority)
    assert {e.deadline_id for e in escalated} == {_deadline(forgotten).pk}
    assert _deadline(reviewed).status == "met_on_time" and _deadline(forgotten).status == "overdue"


# --- the page and the API ---------------------------------------------------------------------------


def _fields(day: datetime.date, name: str) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_the_social_worker_records_a_review_on_its_page_and_the_case_shows_it_met(client, clock):
    authority = _authority("advised")
    cin = _stepped_down(authority, clock)
    due = _deadline(cin).due_on
    clock.day = due
    client.force_login(cin.child.family.social_worker.user)
    url = f"/{authority.slug}/cases/in-need-plans/{cin.pk}/reviews/"
    case_url = f"/{authority.slug}/cases/{cin.child.family_id}/"
    assert url in client.get(case_url).content.decode()

    empty = client.post(url, {})
    body = empty.content.decode()
    assert empty.status_code == 200
    assert "Enter the date the review was held" in body and "Say who attended the review" in body

    next_review = due + datetime.timedelta(days=56)
    response = client.post(
        url,
        {
            **_fields(due, "held_on"),
            **_fields(next_review, "next_review_on"),
            "attended": "Sam Carter (mother)",
            "outcome": "continue",
            "notes": "Attendance at school is up",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Sam Carter (mother)" in page and next_review.strftime("%-d %B %Y") in page
    case_page = client.get(case_url).content.decode()
    assert f"Met {due.strftime('%-d %b %Y')}" in case_page and "Last reviewed" in case_page


def test_the_page_names_the_rule_when_ending_early_is_refused(client, clock):
    authority = _authority("required")
    cin = _stepped_down(authority, clock)
    clock.day = PLAN_ENDED + datetime.timedelta(days=20)
    client.force_login(cin.child.family.social_worker.user)
    response = client.post(
        f"/{authority.slug}/cases/in-need-plans/{cin.pk}/reviews/",
        {**_fields(clock.day, "held_on"), "attended": "Sam", "outcome": "end", "reason": "Wanted"},
    )
    assert response.status_code == 200 and f"({RULE})" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CHAIR, Role.PRACTITIONER])
def test_other_roles_may_not_record_a_review(client, clock, two_authorities, role):
    mine, _ = two_authorities
    cin = ChildInNeedPlanFactory(child__family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=role).user)
    page = client.post(f"/{mine.slug}/cases/in-need-plans/{cin.pk}/reviews/", {"attended": "x"})
    api = client.post(
        f"/api/v1/{mine.slug}/in-need-plans/{cin.pk}/reviews/",
        {"held_on": cin.started_on.isoformat(), "attended": "x", "outcome": "end"},
    )
    expected = 403 if role == Role.CHAIR else 404  # a practitioner not invited does not see the child
    assert (page.status_code, api.status_code) == (expected, expected)
    assert not ChildInNeedReview.objects.for_authority(mine).exists()


def test_the_api_records_and_lists_reviews_with_the_same_checks(client, clock):
    authority = _authority("advised")
    cin = _stepped_down(authority, clock)
    due = _deadline(cin).due_on
    clock.day = due
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
    client.force_login(manager.user)
    url = f"/api/v1/{authority.slug}/in-need-plans/{cin.pk}/reviews/"

    early = client.post(
        url,
        {"held_on": (due - datetime.timedelta(days=7)).isoformat(), "attended": "Sam", "outcome": "end"},
    )
    assert early.status_code == 400 and early.json()["rule_id"] == RULE and early.json()["needs_reason"]
    missing = client.post(url, {"held_on": due.isoformat(), "attended": "Sam", "outcome": "continue"})
    assert missing.status_code == 400 and "next_review_on" in str(missing.json())

    made = client.post(
        url,
        {
            "held_on": due.isoformat(),
            "attended": "Sam Carter (mother)",
            "outcome": "continue",
            "next_review_on": (due + datetime.timedelta(days=42)).isoformat(),
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["recorded_by"] == manager.pk
    listed = client.get(url).json()
    assert [row["id"] for row in listed] == [made.json()["id"]]
    assert _deadline(cin).met_on == due
