"""Someone new is invited to a conference by e-mail; they open the join link from the e-mail,
get the form wrong once (each wrong field named), create their account and land on My conferences
with the conference there."""

from __future__ import annotations

import pytest
from django.core import mail

from authorities.models import Authority
from tests.accounts.join_helpers import NEW_PASSWORD, book, housing, token_in
from tests.conferences.sw_helpers import make_case


@pytest.fixture
def invited_by_email(transactional_db):
    if not Authority.objects.filter(slug="hartlepool").exists():
        from tests.conftest import _restore_shipped_authorities

        _restore_shipped_authorities()
    authority = Authority.objects.get(slug="hartlepool")
    case = make_case(authority, name="Rowan family")
    case.discussion()
    conference = book(case)
    from conferences.preparation import services as scheduling

    mail.outbox = []
    # Autocommit here (transactional test): the e-mail task runs, eagerly, as the service commits.
    scheduling.invite_professional(
        by=case.social_worker,
        conference_id=conference.pk,
        name="Robin New",
        email="robin@housing.example.test",
        agency_id=housing(authority).pk,
    )
    (message,) = mail.outbox
    return authority, token_in(message)


def test_someone_new_follows_the_email_link_creates_an_account_and_sees_the_conference(
    live_server, page, axe, screenshot, invited_by_email
):
    authority, token = invited_by_email
    page.goto(f"{live_server.url}/accounts/join/{token}/")
    assert page.get_by_role("heading", name="Create your account").is_visible()
    assert page.get_by_text("Hartlepool Housing").is_visible()
    axe(page, label="join page")
    screenshot(page, "join-page")

    page.get_by_label("Full name").fill("")
    page.get_by_label("Job title").fill("Housing officer")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill("not the same password")
    page.get_by_role("button", name="Create account and join").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter your full name" in summary.inner_text()
    assert "The passwords do not match" in summary.inner_text()
    axe(page, label="join page with errors")
    screenshot(page, "join-page-errors")

    page.get_by_label("Full name").fill("Robin New")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url(f"{live_server.url}/my-conferences/")
    assert page.get_by_text(f"You have joined {authority.name}.").is_visible()
    assert page.get_by_text("Rowan family").first.is_visible()
    axe(page, label="my conferences after joining")
    screenshot(page, "join-my-conferences")

    # The link works once.
    page.goto(f"{live_server.url}/accounts/join/{token}/")
    assert page.get_by_role("heading", name="This invitation has already been used").is_visible()
    axe(page, label="join link used")


def test_after_too_many_links_that_do_not_work_the_join_page_says_when_to_try_again(
    live_server, page, axe, screenshot, settings, invited_by_email
):
    settings.JOIN_LINK_FAILURE_RATE = "2/hour"
    _, token = invited_by_email
    for guess in ("not-the-link", "nor-this-one"):
        page.goto(f"{live_server.url}/accounts/join/{guess}/")
        assert page.get_by_role("heading", name="This link is not valid").is_visible()

    response = page.goto(f"{live_server.url}/accounts/join/{token}/")
    assert response.status == 429
    assert page.get_by_role("heading", name="Too many invitation links that do not work").is_visible()
    assert page.locator("#try-again").get_by_text("You can try again after").is_visible()
    axe(page, label="join links paused")
    screenshot(page, "join-links-paused")
