"""Plans through their life in the browser (Birmingham's rules: STEPDOWN-CIN-3M advised): a team
manager ends a child's plan from the case page when the child becomes looked after; the social
worker ending the stepped-down child in need plan early is asked why; the head of service records
their follow-up with the team manager. Every page axe-checked, at desktop and phone width."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from authorities.models import Authority, Role
from cases.models import ChildInNeedPlan, ChildProtectionPlan
from cases.plans import services
from tests.factories import (
    PASSWORD,
    ChildFactory,
    ChildProtectionPlanFactory,
    FamilyFactory,
    MembershipFactory,
)

SHOTS = Path("/work/shots/plans")


@pytest.fixture
def birmingham(transactional_db):
    return Authority.objects.get(slug="birmingham")


def _sign_in(page, live_server, membership):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(membership.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/birmingham/")


def _shots(page, screenshot, name: str) -> None:
    """Desktop and 390 px phone width, both looked at."""
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, name, directory=SHOTS)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-phone", directory=SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})


def _fill_date(page, name: str, day: datetime.date) -> None:
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_plans_end_and_step_down_in_the_browser(live_server, page, axe, screenshot, birmingham):
    today = timezone.localdate()
    family = FamilyFactory(authority=birmingham, name="Rivers family")
    ada = ChildFactory(family=family, first_name="Ada", last_name="Rivers")
    ben = ChildFactory(family=family, first_name="Ben", last_name="Rivers")
    ada_plan = ChildProtectionPlanFactory(child=ada)
    ben_plan = ChildProtectionPlanFactory(
        child=ben,
        started_on=today - datetime.timedelta(days=200),
        ended_on=today - datetime.timedelta(days=14),
        end_kind="review",
    )
    cin = services.start_step_down_plan(by=family.social_worker, plan=ben_plan, started_on=ben_plan.ended_on)
    head = MembershipFactory(authority=birmingham, role=Role.HEAD_OF_SERVICE)
    overseen = ChildProtectionPlanFactory(
        child=ChildFactory(family=family, first_name="Cal", last_name="Rivers"),
        started_on=today - datetime.timedelta(days=300),
        ended_on=today - datetime.timedelta(days=7),
        end_kind="review",
        end_reason="Family moving on well; no child in need plan",
    )
    services.ask_for_oversight(by=family.social_worker, plan=overseen, head_of_service=head)
    manager = MembershipFactory(authority=birmingham, role=Role.TEAM_MANAGER, user__full_name="Tara Manager")

    # A team manager ends Ada's plan: she became looked after.
    _sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/birmingham/cases/{family.pk}/")
    axe(page, label="case page with plans")
    page.get_by_role("link", name="End this plan for Ada Rivers").click()
    page.wait_for_url(f"**/cases/plans/{ada_plan.pk}/end/")
    assert "closes the family's core group" in page.content()
    axe(page, label="end a plan")
    _shots(page, screenshot, "end-plan")
    page.get_by_role("button", name="End the plan").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose why the plan is ending" in summary and "Enter the date the plan ended" in summary
    axe(page, label="end a plan, refused")
    _shots(page, screenshot, "end-plan-refused")
    page.get_by_label("The child became looked after").check()
    _fill_date(page, "ended_on", today)
    page.get_by_label("Details (optional)").fill("Interim care order")
    page.get_by_role("button", name="End the plan").click()
    page.wait_for_url(f"**/cases/{family.pk}/")
    assert f"Ada Rivers's plan ended on {today.day} {today:%B %Y}" in page.content()
    page.locator("#plans").scroll_into_view_if_needed()
    axe(page, label="case page after the plan ended")
    _shots(page, screenshot, "case-page-plans")
    assert (
        ChildProtectionPlan.objects.for_authority(birmingham).get(pk=ada_plan.pk).end_kind == "looked_after"
    )

    # The social worker ends Ben's child in need plan two weeks in: STEPDOWN-CIN-3M asks why.
    _sign_in(page, live_server, family.social_worker)
    page.goto(f"{live_server.url}/birmingham/cases/in-need-plans/{cin.pk}/end/")
    _fill_date(page, "ended_on", today)
    page.get_by_role("button", name="End the child in need plan").click()
    error = page.locator(".govuk-error-summary").inner_text()
    assert "(STEPDOWN-CIN-3M)" in error and "Give a reason to go ahead" in error
    axe(page, label="end a child in need plan, reason asked")
    _shots(page, screenshot, "end-in-need-plan-refused")
    page.get_by_label("Why is it ending? (optional)").fill("Family moved abroad")
    page.get_by_role("button", name="End the child in need plan").click()
    page.wait_for_url(f"**/cases/{family.pk}/")
    assert (
        ChildInNeedPlan.objects.for_authority(birmingham).get(pk=cin.pk).end_reason == "Family moved abroad"
    )

    # The head of service records their follow-up on Cal's plan.
    _sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/birmingham/cases/{family.pk}/")
    page.get_by_role("link", name="Record your follow-up for Cal Rivers").click()
    axe(page, label="step-down oversight")
    _shots(page, screenshot, "oversight")
    page.get_by_label("Team manager you followed this up with").select_option(label="Tara Manager")
    _fill_date(page, "on", today)
    page.get_by_label("What did you agree?").fill("A child in need review in six weeks")
    page.get_by_role("button", name="Record the follow-up").click()
    page.wait_for_url(f"**/cases/{family.pk}/")
    assert f"followed up {today.day} {today:%B %Y}" in page.content()
