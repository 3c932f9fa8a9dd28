"""A police officer who works for two authorities sees both invitations on My conferences, writes
one report (refused with a missing field named, then complete), uploads the other, records sharing
with the family, and the chair sees both reports as on time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from authorities.models import Authority, Role
from tests.e2e.helpers import fill_date
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)
from tests.reports.helpers import pdf_bytes


@pytest.fixture
def journey(transactional_db):
    officer = UserFactory(
        email="dana@police.example.test", full_name="Dana Whitfield", job_title="Police constable"
    )
    chair = UserFactory(email="chair@example.test", full_name="Chris Chair")
    starts_at = datetime.datetime.now(datetime.UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    starts_at += datetime.timedelta(days=28)
    invitations = {}
    for slug, family_name in (("staffordshire", "Ash family"), ("stoke-on-trent", "Birch family")):
        authority = Authority.objects.get(slug=slug)
        agency = AgencyFactory(authority=authority, name=f"{authority.name} Police", type="police")
        membership = MembershipFactory(
            authority=authority, user=officer, role=Role.PRACTITIONER, agency=agency
        )
        chair_membership = MembershipFactory(authority=authority, user=chair, role=Role.CHAIR)
        family = FamilyFactory(authority=authority, name=family_name)
        conference = ConferenceFactory(
            family=family,
            starts_at=starts_at,
            chair=chair_membership,
            children=[ChildFactory(family=family, first_name="Robin", last_name=family_name.split()[0])],
        )
        invitations[slug] = InvitationFactory(conference=conference, membership=membership)
    return invitations


def _sign_in(page, base, email):
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_practitioner_reports_to_two_authorities_and_the_chair_sees_them_on_time(
    live_server, page, axe, screenshot, journey
):
    base = live_server.url
    _sign_in(page, base, "dana@police.example.test")
    page.goto(f"{base}/my-conferences/")
    assert page.get_by_role("heading", name="My conferences").is_visible()
    assert page.get_by_text("Ash family", exact=True).is_visible()
    assert page.get_by_text("Birch family", exact=True).is_visible()
    axe(page, label="my conferences")
    screenshot(page, "reports-my-conferences")

    # Staffordshire: the structured form, with REPORT-FIELDS required and statements marked (REPORT-FOAO).
    staffordshire = journey["staffordshire"]
    page.locator(f"#invitation-{staffordshire.pk}").get_by_role("link", name="Write the report").click()
    page.wait_for_url(f"**/staffordshire/invitations/{staffordshire.pk}/report/")
    assert page.locator("#id_child-0-first_name").input_value() == "Robin"
    page.fill("#id_business_address", "Police HQ, Stafford")
    page.check("#id_parents_carers__not_known")
    for key in (
        "involvement",
        "family_functioning",
        "welfare",
        "other_information",
        "other_adults",
        "safety_factors",
        "child_views",
        "parenting_capacity",
    ):
        page.fill(f"#id_{key}", f"What we know: {key.replace('_', ' ')}")
    page.fill("#id_concerns-0-text", "Police were called to the home twice in March")
    page.select_option("#id_concerns-0-marker", "fact")
    page.fill("#id_analysis-0-text", "Robin is at risk of emotional harm")
    page.select_option("#id_analysis-0-marker", "opinion")
    page.check("#id_recommendation-plan_needed")
    page.fill("#id_recommendation-agency_contribution", "Share call-out information with the core group")
    page.check("#id_signed")
    axe(page, label="report form")
    page.get_by_role("button", name="Submit report").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "REPORT-FIELDS" in summary.inner_text()
    assert "health and development is missing" in summary.inner_text()
    axe(page, label="report form with errors")
    screenshot(page, "reports-form-missing-field")

    page.fill("#id_health_development", "Robin is meeting milestones")
    page.check("#id_signed")
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_url("**/staffordshire/reports/*/")
    assert page.get_by_text("Report submitted (version 1).").is_visible()
    assert page.get_by_text("on time").first.is_visible()
    axe(page, label="report as submitted")
    screenshot(page, "reports-submitted")

    # Stoke-on-Trent: upload the force's own form instead (REPORT-OWN-FORM).
    stoke = journey["stoke-on-trent"]
    page.goto(f"{base}/stoke-on-trent/invitations/{stoke.pk}/report/upload/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "police-report.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.check("#id_signed")
    axe(page, label="upload form")
    page.get_by_role("button", name="Upload and submit").click()
    page.wait_for_url("**/stoke-on-trent/reports/*/")
    assert page.get_by_text("police-report.pdf").is_visible()

    # Record sharing with the family (REPORT-SHARED: no police exemption in Stoke-on-Trent).
    page.goto(f"{base}/stoke-on-trent/invitations/{stoke.pk}/report/sharing/")
    assert (
        "Any other exemption is for exceptional circumstances"
        in page.locator("#agency-exemption").inner_text()
    )
    page.check("#id_outcome")
    fill_date(page, "Date it was shared", timezone.localdate())
    axe(page, label="sharing form")
    screenshot(page, "reports-sharing")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/my-conferences/")
    stoke_row = page.locator(f"#invitation-{stoke.pk}")
    assert "Submitted on time" in stoke_row.inner_text() and "Shared" in stoke_row.inner_text()
    assert "Submitted on time" in page.locator(f"#invitation-{staffordshire.pk}").inner_text()
    screenshot(page, "reports-my-conferences-after")

    # The chair of both conferences sees each report as on time.
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, base, "chair@example.test")
    for slug, invitation in journey.items():
        page.goto(f"{base}/{slug}/conferences/{invitation.conference_id}/reports/")
        row = page.locator(f"#report-row-{invitation.pk}")
        assert "On time" in row.inner_text(), slug
        axe(page, label=f"chair's reports page ({slug})")
        screenshot(page, f"reports-chair-{slug}")
    assert "Shared" in page.locator(f"#report-row-{stoke.pk}").inner_text()
