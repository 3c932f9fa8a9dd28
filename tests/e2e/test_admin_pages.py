"""An authority administrator reads a child in need plan's reviews in the Django admin: the list, one
review and its history, and adds and changes memberships and rule sets, each page axe-checked (the
admin is part of the service, so it meets WCAG 2.2 AA as the pages do) and, as every browser test
does, with no Content Security Policy violation."""

import base64

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.models import Authority, Role, RuleSet
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


def wait_for_the_admin_scripts(page):
    # admin-aria.js names the widgets once the page has loaded; axe must see them named.
    page.wait_for_load_state("load")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(100)


def test_an_administrator_adds_and_changes_memberships_and_rule_sets(
    live_server, page, axe, screenshot, reviewed_plan
):
    admin, _review = reviewed_plan
    rule_set = RuleSet.objects.unscoped(reason="the test's own authority").filter(authority=admin.authority)
    rule_set = rule_set.latest("effective_from")
    sign_in_with_app(page, live_server, admin.user.email)
    for path, label in (
        ("authorities/membership/add/", "admin: add a membership"),
        (f"authorities/membership/{admin.pk}/change/", "admin: change a membership"),
        (f"authorities/membership/{admin.pk}/history/", "admin: a membership's history"),
        ("authorities/ruleset/add/", "admin: add a rule set"),
        (f"authorities/ruleset/{rule_set.pk}/change/", "admin: change a rule set"),
        (f"authorities/ruleset/{rule_set.pk}/history/", "admin: a rule set's history"),
    ):
        page.goto(f"{live_server.url}/admin/{path}")
        page.locator("#content").wait_for(state="visible")
        wait_for_the_admin_scripts(page)
        axe(page, label=label)
    page.goto(f"{live_server.url}/admin/authorities/membership/add/")
    person = page.locator("#id_user + .select2 .select2-selection")
    person.wait_for(state="visible")
    wait_for_the_admin_scripts(page)
    # The empty person picker is named by its field's label (axe's aria-input-field-name).
    assert page.evaluate(
        "el => el.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id))"
        ".every(Boolean)",
        person.element_handle(),
    )
    screenshot(page, "admin-add-membership")
