"""A service manager downloads the CIN census and an Annex A list from the returns page, after a
year typed wrongly is named on the page. Every page axe-checked."""

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from authorities.models import Authority, Role
from cases.models import ChildProtectionPlan
from tests.e2e.helpers import fill_date
from tests.factories import PASSWORD, ChildFactory, FamilyFactory, MembershipFactory


@pytest.fixture
def hartlepool_manager(transactional_db):
    hartlepool = Authority.objects.get(slug="hartlepool")
    manager = MembershipFactory(
        authority=hartlepool, role=Role.SERVICE_MANAGER, user__email="sm@hartlepool.example.test"
    )
    family = FamilyFactory(authority=hartlepool, referral_on=datetime.date(2025, 6, 2), referral_source="6")
    child = ChildFactory(family=family, la_child_id="HP1", sex="F", date_of_birth=datetime.date(2016, 1, 9))
    ChildProtectionPlan.objects.create(
        authority=hartlepool, child=child, category="neglect", started_on=datetime.date(2025, 6, 20)
    )
    return manager


def test_a_manager_downloads_the_census_and_an_annex_a_list(live_server, page, axe, hartlepool_manager):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(hartlepool_manager.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/hartlepool/")
    page.get_by_role("link", name="Statutory returns").click()
    page.get_by_role("heading", name="Statutory returns").wait_for()
    assert "LA code 805" in page.locator("main").inner_text()
    axe(page, label="returns page")

    page.get_by_label("Collection year").fill("2025")
    page.get_by_role("button", name="Download the census XML").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    axe(page, label="returns page with an error")

    page.get_by_label("Collection year").fill("2025-26")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the census XML").click()
    root = ET.parse(download.value.path()).getroot()
    assert root.findtext("Header/Source/LEA") == "805"
    assert [e.text for e in root.iter("LAchildID")] == ["HP1"]

    page.goto(f"{live_server.url}/hartlepool/returns/")
    page.get_by_label("List 7 - Child protection").check()
    fill_date(page, "From", datetime.date(2025, 4, 1))
    fill_date(page, "To", datetime.date(2026, 3, 31))
    page.get_by_label("CSV").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Child Unique ID,Gender") and lines[1].startswith("HP1,Female")
