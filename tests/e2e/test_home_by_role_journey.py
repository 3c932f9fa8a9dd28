"""Each role signs in to the demo data and finds their work on their home page (axe-checked, at
desktop width and on a 390 px phone)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cpc.seeding.demo import DEMO_PASSWORD, SHARED_PRACTITIONER_EMAIL
from tests.e2e.helpers import screenshot as save_screenshot
from tests.e2e.helpers import sign_in

SHOTS = Path("/work/shots/dates")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


def _look(page, axe, name: str) -> None:
    axe(page, label=name)
    save_screenshot(page, name)
    if SHOTS.parent.is_dir():
        save_screenshot(page, name, directory=SHOTS)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page, label=f"{name} (phone)")
    save_screenshot(page, f"{name}-phone")
    if SHOTS.parent.is_dir():
        save_screenshot(page, f"{name}-phone", directory=SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("email", "slug", "heading", "work"),
    [
        ("chair@staffordshire.demo.test", "staffordshire", "Conferences you chair", "Hollins family"),
        (
            "social.worker@staffordshire.demo.test",
            "staffordshire",
            "Your cases: nearest deadlines",
            "Okafor family",
        ),
        (
            "team.manager@staffordshire.demo.test",
            "staffordshire",
            "Overdue, due today and escalated",
            "Okafor family",
        ),
        (SHARED_PRACTITIONER_EMAIL, "stoke-on-trent", "Conferences you are invited to here", "Rivers family"),
    ],
)
def test_each_role_finds_its_work_on_its_home_page(live_server, page, axe, demo, email, slug, heading, work):
    sign_in(page, live_server.url, email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/{slug}/")
    page.get_by_role("heading", name=heading).wait_for()
    section = page.locator("section", has=page.get_by_role("heading", name=heading))
    assert work in section.inner_text()
    _look(page, axe, f"home-{email.split('@')[0]}")
    if email == SHARED_PRACTITIONER_EMAIL:
        page.get_by_role("link", name="My conferences, all authorities").click()
        page.wait_for_url(f"{live_server.url}/my-conferences/")
        body = page.locator("main").inner_text()
        assert "Staffordshire" in body and "Stoke-on-Trent" in body
        _look(page, axe, "my-conferences-all-authorities")
