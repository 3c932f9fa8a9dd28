"""The Django admin, which authority administrators use, meets WCAG 2.2 AA as the rest of the
service does: its breadcrumbs and list filters pass axe-core on the admin's home, a list and a
filtered list."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.models import Authority, Role
from tests.factories import PASSWORD, MembershipFactory

KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def barnsley_admin(transactional_db):
    authority = Authority.objects.get(slug="barnsley")
    membership = MembershipFactory(
        authority=authority, role=Role.AUTHORITY_ADMIN, user__is_staff=True, user__email="ada@barnsley.test"
    )
    TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True, key=b32decode(KEY).hex())
    return membership


def test_the_admin_lists_filters_and_forms_pass_axe(live_server, page, axe, screenshot, barnsley_admin):
    from e2e_helpers import current_code, sign_in

    sign_in(page, live_server.url, barnsley_admin.user.email, PASSWORD, code=current_code(KEY))
    for path, label in (
        ("/admin/", "admin home"),
        ("/admin/authorities/membership/", "admin memberships"),
        ("/admin/authorities/membership/?role__exact=chair", "admin memberships filtered"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.locator("#content").wait_for()
        assert "/admin/" in page.url, f"{label}: sent to {page.url}"
        axe(page, label=label)
    screenshot(page, "admin-memberships-filtered")
