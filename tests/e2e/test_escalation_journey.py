"""A social worker raises an escalation; the team manager sees it in their notifications (count in
the header), acknowledges and resolves it. Every page axe-checked."""

from datetime import date

import pytest

from authorities.models import Authority, Role
from scheduling.sweep import sweep_authority
from tests.factories import PASSWORD, DeadlineFactory, FamilyFactory, MembershipFactory


@pytest.fixture
def barnsley_people(transactional_db):
    barnsley = Authority.objects.get(slug="barnsley")
    manager = MembershipFactory(
        authority=barnsley, role=Role.TEAM_MANAGER, user__email="tm@barnsley.example.test"
    )
    social_worker = MembershipFactory(
        authority=barnsley,
        role=Role.SOCIAL_WORKER,
        team_manager=manager,
        user__email="sw@barnsley.example.test",
    )
    family = FamilyFactory(authority=barnsley, social_worker=social_worker, name="Hollins family")
    DeadlineFactory(
        family=family, due_on=date(2026, 2, 20), label="Initial conference for the Hollins family"
    )
    sweep_authority(authority_id=barnsley.pk, today=date(2026, 3, 2))  # raises a deadline escalation
    return manager, social_worker


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")


def test_an_escalation_is_raised_told_acknowledged_and_resolved(
    live_server, page, axe, screenshot, barnsley_people
):
    manager, social_worker = barnsley_people
    sign_in(page, live_server, social_worker.user.email)
    page.goto(f"{live_server.url}/barnsley/escalations/new/")
    page.get_by_role("button", name="Raise the escalation").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    axe(page, label="raise escalation with errors")
    page.get_by_label("Poor attendance").check()
    page.get_by_label("Which case is it about?").select_option(index=1)
    page.get_by_label("Why are you raising it?").fill("Police have missed the last three core groups.")
    page.get_by_role("button", name="Raise the escalation").click()
    page.get_by_role("heading", name="Escalation, level 1").wait_for()
    axe(page, label="escalation raised")
    screenshot(page, "escalation-raised")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, manager.user.email)
    assert page.locator(".app-account-bar").get_by_text("unread").count() == 1
    page.get_by_role("link", name="Notifications").click()
    axe(page, label="notifications")
    screenshot(page, "notifications")
    page.get_by_role("link", name="Escalations").click()
    axe(page, label="escalation list")
    screenshot(page, "escalation-list")
    page.get_by_role("link", name="Poor attendance").click()
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Escalation acknowledged.").wait_for()
    page.get_by_label("How it was resolved").fill("Agreed a named police officer for core groups.")
    page.get_by_role("button", name="Resolve").click()
    page.get_by_text("Escalation resolved.").wait_for()
    axe(page, label="escalation resolved")
    screenshot(page, "escalation-resolved")
