"""A practitioner who works for two authorities signs in, picks one and sees its home page."""

import pytest
from django.conf import settings

from authorities.models import Authority, Role
from tests.factories import PASSWORD, AgencyFactory, MembershipFactory, UserFactory


@pytest.fixture
def two_authority_practitioner(transactional_db):
    user = UserFactory(email="dana@police.example.test", full_name="Dana Whitfield")
    for slug in ("staffordshire", "stoke-on-trent"):
        authority = Authority.objects.get(slug=slug)
        agency = AgencyFactory(authority=authority, name=f"{authority.name} Police", type="police")
        MembershipFactory(authority=authority, user=user, role=Role.PRACTITIONER, agency=agency)
    return user


def test_practitioner_signs_in_picks_an_authority_and_sees_its_home(
    live_server, page, axe, screenshot, two_authority_practitioner
):
    page.goto(f"{live_server.url}/stoke-on-trent/")
    assert "/login/" in page.url
    axe(page, label="login")
    screenshot(page, "login")

    page.get_by_label("E-mail address").fill("dana@police.example.test")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    axe(page, label="login with error")

    page.get_by_label("E-mail address").fill("dana@police.example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/stoke-on-trent/")

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Choose an authority").is_visible()
    axe(page, label="authority picker")
    screenshot(page, "authority-picker")

    page.get_by_role("link", name="Staffordshire", exact=True).click()
    page.wait_for_url(f"{live_server.url}/staffordshire/")
    assert page.get_by_text("Agency practitioner").first.is_visible()
    assert page.get_by_role("heading", name="What you can do today").is_visible()
    axe(page, label="home")
    screenshot(page, "home-practitioner")

    page.get_by_role("link", name="Work out a statutory due date").click()
    timescale = page.get_by_role("group", name="Timescale")
    timescale.get_by_label("Agency reports 2 working days before the conference (REPORT-2WD)").check()
    event = page.get_by_role("group", name="Date the timescale counts from")
    event.get_by_label("Day").fill("5")
    event.get_by_label("Month").fill("1")
    event.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Work out the due date").click()
    result = page.locator("#due-date-result")
    result.get_by_text("Due by Thursday 31 December 2026").wait_for()
    axe(page, label="due dates")
    screenshot(page, "due-dates")

    page.goto(f"{live_server.url}/staffordshire/rules/")
    assert page.locator("#rule-ARRIVE-30").get_by_text("Required").is_visible()
    axe(page, label="rules in force")
    screenshot(page, "rules-in-force")

    page.goto(f"{live_server.url}/barnsley/")
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_after_too_many_wrong_passwords_the_sign_in_page_says_when_to_try_again(
    live_server, page, axe, screenshot, two_authority_practitioner
):
    page.goto(f"{live_server.url}/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("E-mail address").fill("dana@police.example.test")
        page.get_by_label("Password").fill("wrong password")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("heading", name="Too many attempts to sign in").is_visible()
    assert page.get_by_text("dana@police.example.test").is_visible()
    assert page.locator("#try-again").get_by_text("You can try again after").is_visible()
    axe(page, label="sign-in locked out")
    screenshot(page, "sign-in-locked-out")

    page.get_by_role("link", name="Back to sign in").click()
    page.get_by_label("E-mail address").fill("dana@police.example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Too many attempts to sign in").wait_for(state="visible")
