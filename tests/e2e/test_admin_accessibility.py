"""The Django admin, which authority administrators use, meets WCAG 2.2 AA as the rest of the
service does: its breadcrumbs and list filters pass axe-core on the admin's home, a list and a
filtered list; and platform staff's forms (a person's dates and groups, a group's permissions, the
scheduled tasks' start and clocked times) have names for every field and break no ARIA rule."""

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


@pytest.fixture
def platform_admin(barnsley_admin):
    barnsley_admin.user.is_superuser = True
    barnsley_admin.user.save(update_fields=["is_superuser"])
    return barnsley_admin


def test_platform_staffs_forms_name_every_field(live_server, page, axe, screenshot, platform_admin):
    from e2e_helpers import current_code, sign_in

    sign_in(page, live_server.url, platform_admin.user.email, PASSWORD, code=current_code(KEY))
    for path, label in (
        (f"/admin/accounts/user/{platform_admin.user.pk}/change/", "admin: a person"),
        ("/admin/auth/group/add/", "admin: add a group"),
        ("/admin/django_celery_beat/periodictask/add/", "admin: add a scheduled task"),
        ("/admin/django_celery_beat/clockedschedule/add/", "admin: add a clocked time"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.locator("#content").wait_for()
        page.wait_for_function("document.readyState === 'complete'")
        page.wait_for_timeout(100)
        axe(page, label=label)
    # The date and the time of a clocked schedule are each labelled.
    page.get_by_label("Date:").first.wait_for()
    page.get_by_label("Time:").first.wait_for()
    screenshot(page, "admin-add-clocked-time")


def test_the_scheduled_task_form_still_reads_a_crontab_out_in_words(live_server, page, platform_admin):
    """django_celery_beat's inline script, now a static file the policy allows, still works."""
    from django_celery_beat.models import CrontabSchedule
    from e2e_helpers import current_code, sign_in

    nightly = CrontabSchedule.objects.create(minute="30", hour="2")
    sign_in(page, live_server.url, platform_admin.user.email, PASSWORD, code=current_code(KEY))
    page.goto(f"{live_server.url}/admin/django_celery_beat/periodictask/add/")
    help_text = page.locator(".field-crontab .help")
    help_text.wait_for()
    assert "Translation" not in help_text.inner_text()
    page.locator("#id_crontab").select_option(str(nightly.pk))
    page.wait_for_function(
        "document.querySelector('.field-crontab .help').innerText.includes('Translation: ')"
    )
