"""The social worker opens the family's core group from the case page, books a meeting, then
records the first meeting as held with its minutes (no JavaScript needed), downloads them as a
PDF and corrects them the next day with a reason. Every page axe-checked."""

import datetime

import pytest

from authorities.models import Authority
from tests.coregroups.helpers import held_initial
from tests.e2e.helpers import fill_date
from tests.factories import PASSWORD


@pytest.fixture
def barnsley_core_group(transactional_db, clock):
    barnsley = Authority.objects.get(slug="barnsley")
    setup = held_initial(barnsley, clock)
    clock.day = datetime.date(2026, 12, 1)
    return setup, clock


def test_a_social_worker_books_and_records_a_core_group_meeting(
    live_server, page, axe, screenshot, barnsley_core_group
):
    setup, clock = barnsley_core_group
    family = setup.room.conference.family
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(setup.social_worker.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")

    page.goto(f"{live_server.url}/barnsley/cases/{family.pk}/")
    page.get_by_role("link", name="Core group: members, meetings and deadlines").click()
    page.get_by_role("heading", name="Core group").wait_for()
    axe(page, label="core group page")

    page.get_by_role("link", name="Book a meeting").click()
    fill_date(page, "Date and time", datetime.date(2026, 12, 5), at="10:00")  # a Saturday
    page.get_by_label("Or where").fill("Family home")
    page.get_by_role("button", name="Book the meeting").click()
    page.locator(".govuk-error-summary").wait_for()  # the refusal is a new page: wait for it
    assert "not a working day" in page.locator(".govuk-error-summary").inner_text()
    axe(page, label="booking refused")
    fill_date(page, "Date and time", datetime.date(2026, 12, 22), at="2pm")
    page.get_by_role("button", name="Book the meeting").click()
    page.get_by_text("Core group meeting booked").wait_for()

    clock.day = datetime.date(2026, 12, 14)
    page.get_by_role("link", name="Record minutes of 14 Dec 2026").click()
    page.get_by_role("heading", name="Record the core group meeting").wait_for()
    axe(page, label="minutes form")
    page.get_by_label("Or where (optional)", exact=True).fill("Family home")
    page.get_by_label("Purpose of the meeting").fill("First core group: agree how the plan starts")
    page.get_by_label("Who took the notes").fill("Bea Business Support")
    for radio in page.get_by_role("radio", name="Attended").all():
        radio.check()
    for textarea in page.get_by_label("Progress (optional)", exact=True).all():
        textarea.fill("Started")
    for radio in page.get_by_role("radio", name="Agreed").all():
        radio.check()
    page.get_by_label("No changes to the plan").check()
    page.get_by_label("The child's voice").fill("Says she likes the new routine")
    page.get_by_label("Action (optional)", exact=True).first.fill("Book the parenting course")
    page.get_by_label("Owner's name").first.fill("Social worker")
    fill_date(page, "Due by", datetime.date(2026, 12, 21))
    page.get_by_label("The action points were read back").check()
    fill_date(page, "Next meeting: date and time", datetime.date(2027, 1, 18), at="10:00")
    page.get_by_label("Next meeting: or where").fill("Family home")
    screenshot(page, "core-group-minutes-form")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_text("Minutes recorded").wait_for()
    body = page.locator("main").inner_text()
    assert "Met on time" in body and "CG1-10WD" in body
    page.get_by_text("Minutes of 14 December 2026", exact=True).click()
    axe(page, label="core group page after the meeting")
    screenshot(page, "core-group-page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Minutes (PDF) of 14 Dec 2026").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith("-minutes-2026-12-14.pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    clock.day = datetime.date(2026, 12, 15)
    page.get_by_role("link", name="Correct minutes of 14 Dec 2026").click()
    page.get_by_role("heading", name="Correct the minutes").wait_for()
    assert page.get_by_label("The child's voice").input_value() == "Says she likes the new routine"
    axe(page, label="correct the minutes")
    page.get_by_label("The child's voice").fill("Says she likes the new routine and her new teacher")
    page.get_by_role("button", name="Save the corrections").click()
    summary = page.locator(".govuk-error-summary")
    assert "Say why the minutes are corrected" in summary.inner_text()
    axe(page, label="correction refused without a reason")
    page.get_by_label("Why are the minutes being corrected?").fill("Left out what she said about school")
    screenshot(page, "core-group-correct-minutes")
    page.get_by_role("button", name="Save the corrections").click()
    page.get_by_text("Minutes corrected").wait_for()
    page.get_by_text("Minutes of 14 December 2026", exact=True).click()
    body = page.locator("main").inner_text()
    assert "Corrected (version 2)" in body and "Left out what she said about school" in body
    assert "her new teacher" in body
    axe(page, label="core group page after the correction")
