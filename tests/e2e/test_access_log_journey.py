"""An authority administrator finds out who opened a child's case: a social worker opens it, the
administrator follows "Access log" from home, filters by the person and the child, and downloads
the same entries as CSV. Every page axe-checked."""

import base64
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.models import Authority, Role
from tests.factories import PASSWORD, ChildFactory, MembershipFactory

APP_KEY = bytes(range(20))


@pytest.fixture
def barnsley_people(transactional_db):
    barnsley = Authority.objects.get(slug="barnsley")
    admin = MembershipFactory(
        authority=barnsley, role=Role.AUTHORITY_ADMIN, user__email="admin@barnsley.example.test"
    )
    reader = MembershipFactory(
        authority=barnsley,
        role=Role.SOCIAL_WORKER,
        user__email="sw@barnsley.example.test",
        user__full_name="Sam Reader",
    )
    child = ChildFactory(family__authority=barnsley, family__name="Hollins family")
    # An authority administrator signs in with an authenticator app as well as the password.
    TOTPDevice.objects.create(user=admin.user, name="Phone", key=APP_KEY.hex(), confirmed=True)
    return admin, reader, child


def sign_in(page, live_server, email, *, app: bool = False):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if app:
        from e2e_helpers import current_code

        code = page.get_by_label("Code")
        code.wait_for()
        code.fill(current_code(base64.b32encode(APP_KEY).decode()))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")


def test_an_administrator_sees_who_opened_a_childs_case_and_downloads_it(
    live_server, page, axe, screenshot, barnsley_people
):
    admin, reader, child = barnsley_people
    sign_in(page, live_server, reader.user.email)
    page.goto(f"{live_server.url}/barnsley/cases/{child.family_id}/")
    page.get_by_role("heading", name="Hollins family").first.wait_for()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, admin.user.email, app=True)
    page.locator("main").get_by_role("link", name="Access log").click()
    page.get_by_role("heading", name="Access log").wait_for()
    axe(page, label="access log")
    page.get_by_label("Person").select_option(label=f"Sam Reader <{reader.user.email}>")
    page.get_by_label("Child number").fill(str(child.pk))
    page.get_by_role("button", name="Show").click()
    rows = page.locator("tbody tr")
    rows.first.wait_for()
    # Their sign-in is about no child: only the opening of the child's case is listed.
    assert rows.count() == 1
    assert (
        "Opened a case record" in rows.first.inner_text()
        and f"case {child.family_id}" in rows.first.inner_text()
    )
    assert "Hollins" not in page.locator("main").inner_text()
    axe(page, label="access log filtered")
    screenshot(page, "access-log-filtered")
    # On a phone the entries read as cards, each cell naming its column, with no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert (
        page.evaluate("getComputedStyle(document.querySelector('td[data-label=When]'), '::before').content")
        == '"When"'
    )
    axe(page, label="access log on a phone")
    screenshot(page, "access-log-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries as CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].split(",")[3] == "case.view"

    page.get_by_label("Child number").fill("Hollins")
    page.get_by_role("button", name="Show").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the child's number, like 1234" in page.locator(".govuk-error-summary").inner_text()
    axe(page, label="access log with an error")
