"""The due-date page fits a phone, a tablet and a laptop: every timescale's whole title can be
read (radios that wrap, where a dropdown cut long titles off), nothing scrolls sideways, and a
long timescale can be chosen and worked out on a phone. Every width axe-checked and screenshotted."""

from __future__ import annotations

import datetime
from html import unescape
from pathlib import Path

import pytest
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags

from authorities.models import Authority, Role
from authorities.selectors import rule_set_in_force
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date
from scheduling.forms import timescale_rule_choices
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD, MembershipFactory

SHOTS = Path("/tmp/msg16-shots")
WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}
# Each timescale's label: how much of its text is cut off, and how far it reaches past the screen.
CUT_OFF = """() => [...document.querySelectorAll('.govuk-radios__label')].map((label) => ({
    text: label.textContent.trim(),
    hidden: label.scrollWidth - label.clientWidth,
    past: label.getBoundingClientRect().right - window.innerWidth,
}))"""


@pytest.fixture
def social_worker(transactional_db):
    return MembershipFactory(authority=Authority.objects.get(slug="barnsley"), role=Role.SOCIAL_WORKER)


def test_every_timescale_title_can_be_read_and_chosen_at_every_width(
    live_server, page, axe, screenshot, social_worker
):
    sign_in(page, live_server.url, social_worker.user.email, PASSWORD)
    page.goto(f"{live_server.url}/barnsley/due-dates/")
    timescale = page.get_by_role("group", name="Timescale")
    titles = [unescape(strip_tags(title)) for _, title in timescale_rule_choices()]
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the due-date page scrolls sideways by {overflow}px at {width}px"
        labels = page.evaluate(CUT_OFF)
        assert [label["text"] for label in labels] == titles
        cut = [label for label in labels if label["hidden"] > 0 or label["past"] > 0]
        assert not cut, f"cut off at {width}px: {cut}"
        axe(page, label=f"due dates at {width_name}")
        screenshot(page, f"due-dates-{width_name}", directory=SHOTS)

    counts_from = datetime.date(2027, 1, 5)
    barnsley = social_worker.authority
    rules = rule_set_in_force(barnsley, on=counts_from)
    due = due_date(timescale_of(rules, "SW-REPORT"), counts_from, calendar_for(barnsley))
    page.set_viewport_size({"width": 390, "height": 844})
    timescale.get_by_label("Social worker's report 2 working days before the conference (SW-REPORT)").check()
    event = page.get_by_role("group", name="Date the timescale counts from")
    event.get_by_label("Day").fill("5")
    event.get_by_label("Month").fill("1")
    event.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Work out the due date").click()
    page.locator("#due-date-result").get_by_text(f"Due by {date_format(due, 'l j F Y')}").wait_for()
    axe(page, label="due dates worked out on a phone")
    screenshot(page, "due-dates-phone-result", directory=SHOTS)
