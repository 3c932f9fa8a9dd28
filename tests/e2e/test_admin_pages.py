"""An authority administrator reads a child in need plan's reviews in the Django admin: the list, one
review and its history, each axe-checked (the admin is part of the service, so it meets WCAG 2.2 AA
as the pages do)."""

import base64

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.models import Authority, Role
from cases.models import ChildInNeedReview
from tests.factories import PASSWORD, ChildInNeedPlanFactory, MembershipFactory

APP_KEY = bytes(range(20))


@pytest.fixture
def reviewed_plan(transactional_db):
    barnsley = Authority.objects.get(slug="barnsley")
    admin = MembershipFactory(
        authority=barnsley,
        role=Role.AUTHORITY_ADMIN,
        user__email="admin@barnsley.example.test",
        user__is_staff=True,
    )
    TOTPDevice.objects.create(user=admin.user, name="Phone", key=APP_KEY.hex(), confirmed=True)
    plan = ChildInNeedPlanFactory(
        child__family__authority=barnsley,
        child__first_name="Alexandra-Josephine",
        child__last_name="Montgomery-Fitzwilliam",
    )
    review = ChildInNeedReview.objects.create(
        authority=barnsley,
        plan=plan,
        held_on=plan.started_on,
        attended="The family, the social worker and the school",
        outcome="continue",
        notes="Attendance at school is better.",
        recorded_by=MembershipFactory(authority=barnsley, role=Role.SOCIAL_WORKER),
    )
    return admin, review


def sign_in_with_app(page, live_server, email):
    from e2e_helpers import current_code

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    code = page.get_by_label("Code")
    code.wait_for()
    code.fill(current_code(base64.b32encode(APP_KEY).decode()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")


# Django's admin and django-simple-history write a few inline styles (a paginator's border, the
# change form's spacing) that our policy refuses; they are cosmetic, and the policy stays strict.
@pytest.mark.csp_violations_expected
def test_an_administrator_reads_child_in_need_reviews_in_the_admin(
    live_server, page, axe, screenshot, reviewed_plan
):
    admin, review = reviewed_plan
    sign_in_with_app(page, live_server, admin.user.email)
    base = f"{live_server.url}/admin/cases/childinneedreview/"

    page.goto(base)
    # The list links each review by its first column, the plan it reviews.
    first_review = page.locator("#result_list tbody th a").first
    first_review.wait_for(state="visible")
    assert "Montgomery-Fitzwilliam" in first_review.inner_text()
    axe(page, label="admin: child in need reviews")

    first_review.click()
    page.get_by_text("Attendance at school is better.").wait_for(state="visible")
    axe(page, label="admin: one child in need review")
    screenshot(page, "admin-child-in-need-review")

    page.goto(f"{base}{review.pk}/history/")
    page.locator("#content").wait_for(state="visible")
    axe(page, label="admin: a child in need review's history")
