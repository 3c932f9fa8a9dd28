"""Pages read on a phone fit it without sideways scrolling: the rules in force, the escalations
list, a conference's invitations, preparation and requests, its reports, and a practitioner's
conferences in every authority stack as cards, each cell naming its column; a long search that
matches nothing wraps instead of widening the page. Each page axe-checked at 390 px, with a
screenshot to look at."""

from __future__ import annotations

from datetime import date

import pytest

from authorities.models import Authority, Role
from scheduling.sweep import sweep_authority
from tests.factories import (
    PASSWORD,
    ConferenceFactory,
    DeadlineFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chair_with_work(transactional_db):
    barnsley = Authority.objects.get(slug="barnsley")
    chair = MembershipFactory(authority=barnsley, role=Role.CHAIR, user__email="chair@barnsley.example.test")
    family = FamilyFactory(authority=barnsley, name="Featherstonehaugh-Cholmondeley family")
    DeadlineFactory(family=family, due_on=date(2026, 2, 20), label="Initial conference for the family")
    sweep_authority(authority_id=barnsley.pk, today=date(2026, 3, 2))  # raises a deadline escalation
    conference = ConferenceFactory(family=family, chair=chair)
    invitation = InvitationFactory(conference=conference)
    return chair, conference, invitation.membership


def _fits_a_phone(page, axe, screenshot, name: str, *, stacked_cell: str | None = None) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 390px"
    if stacked_cell:
        label = page.evaluate(
            "(s) => getComputedStyle(document.querySelector(s), '::before').content", stacked_cell
        )
        assert label not in ("none", "normal", ""), f"{name}: {stacked_cell} does not name its column"
    axe(page, label=f"{name} at 390px")
    screenshot(page, f"{name}-phone")


def test_rules_escalations_conference_and_an_empty_search_fit_a_phone(
    live_server, page, axe, screenshot, chair_with_work
):
    chair, conference, practitioner = chair_with_work
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server, chair.user.email)
    page.wait_for_url(f"{live_server.url}/barnsley/")

    page.goto(f"{live_server.url}/barnsley/rules/")
    page.get_by_role("heading", name="Rules in force").wait_for()
    _fits_a_phone(
        page, axe, screenshot, "rules-in-force", stacked_cell="#rules-table td[data-label='Source']"
    )

    page.goto(f"{live_server.url}/barnsley/escalations/")
    page.get_by_role("link", name="Deadline overdue").wait_for()
    _fits_a_phone(page, axe, screenshot, "escalations", stacked_cell="td[data-label='Respond by']")

    page.goto(f"{live_server.url}/barnsley/conferences/{conference.pk}/")
    page.get_by_role("heading", name="Before the conference").wait_for()
    _fits_a_phone(page, axe, screenshot, "conference-preparation", stacked_cell="td[data-label='Done']")
    _fits_a_phone(page, axe, screenshot, "conference-invitations", stacked_cell="td[data-label='Report due']")

    page.goto(f"{live_server.url}/barnsley/conferences/{conference.pk}/reports/")
    page.get_by_role("heading", name="Invited agencies").or_(
        page.get_by_text("Invited agencies")
    ).first.wait_for()
    _fits_a_phone(page, axe, screenshot, "conference-reports", stacked_cell="td[data-label='Attending']")

    page.goto(f"{live_server.url}/barnsley/cases/?q={'x' * 200}")
    page.get_by_text("No cases match").wait_for()
    _fits_a_phone(page, axe, screenshot, "case-search-no-match")
    # Longer than the search box takes: the message names the box, and the page still fits.
    page.goto(f"{live_server.url}/barnsley/cases/?q={'x' * 300}")
    page.get_by_text("characters or fewer").first.wait_for()
    _fits_a_phone(page, axe, screenshot, "case-search-too-long")

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, live_server, practitioner.user.email)
    page.goto(f"{live_server.url}/my-conferences/")
    page.get_by_role("heading", name="My conferences").wait_for()
    _fits_a_phone(page, axe, screenshot, "my-conferences", stacked_cell="td[data-label='Actions']")


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
