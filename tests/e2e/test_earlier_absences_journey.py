"""Birmingham (NON-ATTEND-LETTER advised): before the review starts, the chair's first step lists
the agency whose member sent apologies to the family's core group meeting, naming the meeting and
its day in words. Axe-checked at desktop and phone width."""

import datetime
import os
from pathlib import Path

import pytest

from authorities.models import Authority
from coregroups import services
from coregroups.models import AttendanceStatus
from tests.coregroups.helpers import held_initial, minutes
from tests.coregroups.review_helpers import FIRST_MEETING_ON, review_of
from tests.e2e.helpers import screenshot as save_screenshot
from tests.factories import PASSWORD

SHOTS = os.environ.get("CPC_SHOTS_DIR")


@pytest.fixture
def review_after_missed_meeting(transactional_db, clock):
    birmingham = Authority.objects.get(slug="birmingham")
    setup = held_initial(birmingham, clock)
    members = list(setup.group.members.all())
    away = next(m for m in members if m.agency_id and m.membership_id != setup.social_worker.pk)
    attendance = [
        services.AttendanceIn(m.pk, AttendanceStatus.APOLOGIES if m == away else AttendanceStatus.ATTENDED)
        for m in members
    ]
    clock.day = FIRST_MEETING_ON
    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, FIRST_MEETING_ON, attendance=attendance, reports_from_absent="None sent"),
    )
    review = review_of(setup)
    clock.day = datetime.date(2026, 12, 8)
    return review, away


def test_the_chair_sees_the_core_group_meeting_an_agency_missed_before_the_start(
    live_server, page, axe, review_after_missed_meeting
):
    review, away = review_after_missed_meeting
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail address").fill(review.chair.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/birmingham/")
    page.goto(f"{base}/birmingham/conferences/{review.pk}/live/?step=start")
    absences = page.locator("[data-earlier-absences]")
    absences.wait_for()
    text = absences.inner_text()
    assert f"{away.agency.name}: 1 core group meeting;" in text
    assert f"Core group meeting held on Monday 7 December 2026: {away.name}, sent apologies." in text
    for width, suffix in ((1280, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, label=f"start step with earlier absences{suffix}")
        save_screenshot(page, f"earlier-absences{suffix}")
        if SHOTS:
            save_screenshot(page, f"earlier-absences{suffix}", directory=Path(SHOTS))
