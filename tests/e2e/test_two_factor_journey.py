"""An authority administrator sets up two-factor sign-in in the browser: the QR code and key, a
code from the app, recovery codes shown once; later signs in with a recovery code, and makes an
API token on their account page."""

import re

import pytest

from authorities.models import Authority, Role
from tests.factories import PASSWORD, MembershipFactory


@pytest.fixture
def barnsley_admin(transactional_db):
    authority = Authority.objects.get(slug="barnsley")
    return MembershipFactory(
        authority=authority, role=Role.AUTHORITY_ADMIN, user__is_staff=True, user__email="alex@barnsley.test"
    ).user


def test_an_administrator_sets_up_an_app_signs_in_with_a_recovery_code_and_makes_a_token(
    live_server, page, axe, screenshot, barnsley_admin
):
    from e2e_helpers import current_code, sign_in

    sign_in(page, live_server.url, barnsley_admin.email, PASSWORD)
    page.goto(f"{live_server.url}/barnsley/")
    page.wait_for_url(re.compile(r".*/accounts/two-factor/set-up/\?next=%2Fbarnsley%2F$"))
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    axe(page, label="two-factor set-up")
    screenshot(page, "two-factor-set-up")

    page.get_by_label("Code from the app").fill("12345")
    page.get_by_role("button", name="Confirm").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    axe(page, label="two-factor set-up with error")

    key = page.locator("#secret").inner_text()
    page.get_by_label("Code from the app").fill(current_code(key))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Two-factor sign-in is set up").wait_for(state="visible")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    axe(page, label="recovery codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, barnsley_admin.email, PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r".*/accounts/two-factor/verify/.*"))
    axe(page, label="two-factor verify")
    screenshot(page, "two-factor-verify")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_text("You used a recovery code").is_visible()

    page.goto(f"{live_server.url}/accounts/me/")
    assert page.locator("#recovery-codes-left").inner_text() == "9"
    axe(page, label="account page")
    page.get_by_role("button", name="Create an API token").click()
    token = page.locator("#api-token").inner_text()
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    axe(page, label="API token")
    screenshot(page, "api-token")
