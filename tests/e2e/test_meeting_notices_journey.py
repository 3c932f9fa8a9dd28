"""Meetings that reach people, in Chromium: the social worker books a core group meeting over
another one (refused naming the clash, then booked with a reason that the page shows), produces
the family member's letter, circulates the held minutes; and after a conference moves, produces
the new letter for the parent invited by letter. Every changed page axe-checked and photographed
at desktop and phone width (saved under /work/shots/meet/)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from authorities.models import Authority
from conferences.models import ConferenceKind, InvitedBy
from conferences.preparation import services as scheduling
from coregroups import services
from coregroups.models import CoreGroupMember
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.coregroups.helpers import held_initial, minutes
from tests.e2e.helpers import fill_date
from tests.e2e.helpers import screenshot as save_screenshot
from tests.factories import PASSWORD, PersonFactory

SHOTS = Path("/work/shots/meet")


def shots(page, name: str) -> None:
    """Desktop and 390 px phone width."""
    save_screenshot(page, f"{name}-desktop", directory=SHOTS)
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, f"{name}-phone", directory=SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, live_server, user, slug: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/{slug}/")


@pytest.fixture
def barnsley_core_group(transactional_db, clock):
    barnsley = Authority.objects.get(slug="barnsley")
    setup = held_initial(barnsley, clock)
    person = PersonFactory(family=setup.group.family, first_name="Jo", last_name="Parent")
    CoreGroupMember.objects.create(
        authority=barnsley, core_group=setup.group, person=person, name="Jo Parent", role_label="Family"
    )
    clock.day = datetime.date(2026, 12, 1)
    return setup, clock


def test_a_double_booked_core_group_meeting_a_family_letter_and_circulated_minutes(
    live_server, page, axe, barnsley_core_group
):
    setup, clock = barnsley_core_group
    sign_in(page, live_server, setup.social_worker.user, "barnsley")
    group_url = f"{live_server.url}/barnsley/core-groups/{setup.group.pk}/"
    page.goto(group_url)
    page.get_by_role("link", name="Book a meeting").click()
    first = timezone.localtime(setup.first.scheduled_at)
    fill_date(page, "Date and time", first.date(), at=f"{first.hour:02d}:30")
    page.get_by_label("Or where").fill("Family home")
    page.get_by_role("button", name="Book the meeting").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "double-booked" in summary.inner_text() and "the social worker" in summary.inner_text()
    axe(page, label="core group booking with a clash")
    shots(page, "core-group-clash")
    page.get_by_label("Reason to book over another meeting").fill("Short follow-up with the school")
    page.get_by_role("button", name="Book the meeting").click()
    page.get_by_text("Core group meeting booked").wait_for()
    assert "Booked over another meeting: Short follow-up with the school" in page.locator("main").inner_text()
    assert "Letters needed" in page.locator("main").inner_text()
    axe(page, label="core group page with letters needed")
    shots(page, "core-group-letters-needed")
    page.get_by_role("button", name="Produce the letters").first.click()
    page.get_by_text("Letters recorded as sent today").wait_for()
    # WeasyPrint on a busy machine can take longer than the default ten seconds.
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Download the letter").first.click(timeout=90_000)
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    clock.day = datetime.date(2026, 12, 14)
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, datetime.date(2026, 12, 14))
    )
    page.goto(group_url)
    page.get_by_role("button", name="Circulate the minutes").click()
    page.get_by_text("Minutes circulated").wait_for()
    body = page.locator("main").inner_text()
    assert "Minutes, family version" in body and "Minutes, professional version" in body
    axe(page, label="core group page after circulating the minutes")
    shots(page, "core-group-sent")


def test_after_a_conference_moves_the_parent_invited_by_letter_gets_a_new_one(
    live_server, page, axe, transactional_db
):
    barnsley = Authority.objects.get(slug="barnsley")
    case = make_case(barnsley)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(barnsley, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    scheduling.invite_family_member(
        by=case.social_worker,
        conference_id=conference.pk,
        person_id=case.mother.pk,
        invited_by=InvitedBy.LETTER,
        invited_on=timezone.localdate(),
    )
    sign_in(page, live_server, case.social_worker.user, "barnsley")
    page.goto(f"{live_server.url}/barnsley/conferences/{conference.pk}/move/")
    page.locator("input[name=day][value=other]").check()
    new_day = working_day(barnsley, 4)
    fill_date(page, "Another date", new_day)
    page.get_by_label("Why is it moving?").fill("Chair unwell")
    page.get_by_role("button", name="Move the conference").click()
    page.get_by_text("Conference moved").wait_for()
    assert "New letters needed" in page.locator("main").inner_text()
    axe(page, label="conference page with letters needed")
    shots(page, "conference-letters-needed")
    page.get_by_role("button", name="Produce the new letter").click()
    page.get_by_text("recorded as sent today").wait_for()
    assert "Letters sent" in page.locator("main").inner_text()
    axe(page, label="conference page with letters sent")
    shots(page, "conference-letters-sent")
