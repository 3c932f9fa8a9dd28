"""Birmingham (CG-PRE-REVIEW, DELIST-CONVERSATION and STEPDOWN-CIN-3M advised): the social worker
records the core group's recommendation to end the plan; the chair sees the prompt on the review's
page and records the conversation; on the day the review ends the plan with a step-down child in
need plan and closes with nothing outstanding. Every page axe-checked, at desktop and phone width."""

import datetime
import os
from pathlib import Path

import pytest

from authorities.human_dates import long_date_with_weekday
from authorities.models import Authority
from cases.models import ChildInNeedPlan, ChildProtectionPlan
from conferences.models import Conference
from scheduling.models import Deadline
from tests.coregroups.review_helpers import REVIEW_ON, ready_to_close, review_of, with_held_meeting
from tests.e2e.helpers import fill_date
from tests.e2e.helpers import screenshot as save_screenshot
from tests.factories import PASSWORD

SHOTS = os.environ.get("CPC_SHOTS_DIR")


@pytest.fixture
def birmingham_review(transactional_db, clock):
    birmingham = Authority.objects.get(slug="birmingham")
    setup = with_held_meeting(birmingham, clock)
    review = review_of(setup)
    clock.day = datetime.date(2026, 12, 8)
    return setup, review, clock


def _sign_in(page, base, membership):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail address").fill(membership.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/birmingham/")


def _shots(page, name):
    """Desktop and 390 px phone width (also where the brief asks, when CPC_SHOTS_DIR is set)."""
    for width, suffix in ((1280, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 900})
        save_screenshot(page, f"{name}{suffix}")
        if SHOTS:
            save_screenshot(page, f"{name}{suffix}", directory=Path(SHOTS))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_core_group_recommends_ending_the_chair_talks_and_the_review_steps_down(
    live_server, page, axe, birmingham_review
):
    setup, review, clock = birmingham_review
    base = live_server.url
    child = setup.room.children[0]

    _sign_in(page, base, setup.social_worker)
    page.goto(f"{base}/birmingham/core-groups/{setup.group.pk}/")
    assert "No recommendation recorded yet" in page.locator("main").inner_text()
    page.get_by_role("link", name="Recommendation to the review from 7 Dec 2026").click()
    page.get_by_role("heading", name="The core group's recommendation to the review").wait_for()
    axe(page, label="recommendation form")
    page.get_by_role("button", name="Save the recommendation").click()
    page.locator(".govuk-error-summary").wait_for()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose whether the core group recommends" in summary and "Say why" in summary
    axe(page, label="recommendation refused")
    page.get_by_label("End the plan").check()
    page.get_by_label("Why").fill("Dad sober for three months; safety plan held at every visit")
    _shots(page, "cg-recommendation-form")
    page.get_by_role("button", name="Save the recommendation").click()
    page.get_by_text("Recommendation for").wait_for()
    prompt = page.locator("[data-delist-prompt]")
    assert "recommends ending the plan at the first review" in prompt.inner_text()
    axe(page, label="core group page with the prompt")
    _shots(page, "cg-page-delist-prompt")

    _sign_in(page, base, review.chair)
    page.goto(f"{base}/birmingham/conferences/{review.pk}/")
    main = page.locator("main").inner_text()
    assert "End the plan" in main and "Dad sober for three months" in main
    assert "DELIST-CONVERSATION" in page.locator("[data-delist-prompt]").inner_text()
    axe(page, label="review page with the core group's recommendation")
    _shots(page, "review-page-before-conversation")
    page.get_by_role("link", name="Record your conversation before the review").click()
    page.get_by_label(f"{setup.social_worker.user.display_name} (social worker)").check()
    page.get_by_label("Day").fill("8")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the conversation").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Say what came of the conversation" in page.locator(".govuk-error-summary").inner_text()
    axe(page, label="conversation refused")
    page.get_by_label("What came of it").fill("Agreed: recommend ending the plan with a child in need plan")
    _shots(page, "delist-conversation-form")
    page.get_by_role("button", name="Record the conversation").click()
    page.get_by_text("Conversation of 8 December 2026 recorded").wait_for()
    assert page.locator("[data-delist-prompt]").count() == 0
    assert "On 8 December 2026 the chair" in page.locator("[data-conversation]").inner_text()
    axe(page, label="review page after the conversation")

    # On the day: the room's business (attendance, opinions) through the services; the chair ends
    # the plan with a step-down child in need plan and closes the review in the browser.
    clock.day = REVIEW_ON
    ready_to_close(review, clock)
    page.goto(f"{base}/birmingham/conferences/{review.pk}/live/?step=decisions")
    page.get_by_role("heading", name="From the core group before this review").wait_for()
    axe(page, label="live review with the core group's briefing")
    _shots(page, "live-review-briefing")
    page.goto(f"{base}/birmingham/conferences/{review.pk}/live/?step=close")
    outstanding = page.locator("#outstanding")
    assert outstanding.count() == 0 or "CG-PRE-REVIEW" not in outstanding.inner_text()
    assert "Everything the rules need is recorded" in page.locator("main").inner_text()
    page.get_by_role("button", name="Close the conference as held").click()
    page.get_by_text("Conference held").first.wait_for()

    plan = ChildProtectionPlan.objects.for_authority(review.authority).get(child=child)
    assert plan.ended_at_conference_id == review.pk
    assert ChildInNeedPlan.objects.for_authority(review.authority).get(child=child).stepped_down_from == plan
    assert Conference.objects.for_authority(review.authority).get(pk=review.pk).status == "held"
    _three_month_review(page, base, setup, child, clock, axe)


def _three_month_review(page, base, setup, child, clock, axe):
    """Three months on, the social worker records the child in need plan's review: STEPDOWN-CIN-3M's
    deadline shows met on the case page, and the next review's date is shown."""
    cin = ChildInNeedPlan.objects.for_authority(setup.group.authority).get(child=child)
    deadline = Deadline.objects.for_authority(cin.authority).get(rule_id="STEPDOWN-CIN-3M", subject_id=cin.pk)
    clock.day = deadline.due_on
    _sign_in(page, base, setup.social_worker)
    page.goto(f"{base}/birmingham/cases/{cin.child.family_id}/")
    name = f"Record a review (child in need plan for {cin.child.full_name})"
    page.get_by_role("link", name=name).click()
    page.get_by_role("heading", name="Record a review").wait_for()
    assert "Three-month review" in page.locator("main").inner_text()
    axe(page, label="child in need reviews")
    _shots(page, "in-need-review-form")
    page.get_by_role("button", name="Record the review").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the date the review was held" in summary and "Say who attended the review" in summary
    axe(page, label="child in need review refused")
    _shots(page, "in-need-review-refused")
    fill_date(page, "Date the review was held", deadline.due_on)
    page.get_by_label("Who attended?").fill("Mum, Dad, the school nurse and the social worker")
    page.get_by_label("The plan continues").check()
    next_review = deadline.due_on + datetime.timedelta(weeks=8)
    fill_date(page, "Date of the next review", next_review)
    page.get_by_label("Notes (optional)").fill("Dad still sober; school attendance up")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url(f"**/cases/{cin.child.family_id}/")
    assert f"The next review is on {long_date_with_weekday(next_review)}" in page.content()
    row = page.locator("tr", has_text="three-month review")
    assert f"Met {deadline.due_on.day} {deadline.due_on:%b %Y}" in row.inner_text()
    page.locator("#plans").scroll_into_view_if_needed()
    axe(page, label="case page with the three-month review met")
    _shots(page, "case-page-in-need-review-met")
    page.goto(f"{base}/birmingham/cases/in-need-plans/{cin.pk}/reviews/")
    assert "Mum, Dad, the school nurse" in page.locator(f"#review-{cin.reviews.get().pk}").inner_text()
    axe(page, label="child in need reviews, one held")
    _shots(page, "in-need-reviews-held")
    met = Deadline.objects.for_authority(cin.authority).get(pk=deadline.pk)
    assert (met.met_on, met.status) == (deadline.due_on, "met_on_time")


@pytest.fixture
def birmingham_absence(transactional_db, clock):
    """Birmingham: a held first core group meeting that one agency member missed."""
    from coregroups import services
    from coregroups.models import AttendanceStatus
    from tests.coregroups.helpers import held_initial, manager_of, minutes
    from tests.coregroups.review_helpers import FIRST_MEETING_ON

    birmingham = Authority.objects.get(slug="birmingham")
    setup = held_initial(birmingham, clock)
    manager = manager_of(setup)
    members = list(setup.group.members.all())
    absent = next(m for m in members if m.membership_id and m.membership_id != setup.social_worker.pk)
    attendance = [
        services.AttendanceIn(m.pk, AttendanceStatus.ABSENT if m == absent else AttendanceStatus.ATTENDED)
        for m in members
    ]
    clock.day = FIRST_MEETING_ON
    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, FIRST_MEETING_ON, attendance=attendance, reports_from_absent="None sent"),
    )
    review = review_of(setup)
    return setup, manager, absent, review


def test_attendance_concern_escalated_and_the_combined_report_drafted(
    live_server, page, axe, birmingham_absence
):
    setup, manager, absent, review = birmingham_absence
    base = live_server.url
    _sign_in(page, base, setup.social_worker)
    page.goto(f"{base}/birmingham/core-groups/{setup.group.pk}/")
    page.get_by_role("link", name="Flag attendance that harms the plan").click()
    page.get_by_role("button", name="Send to the team manager").click()
    page.locator(".govuk-error-summary").wait_for()
    axe(page, label="attendance concern refused")
    page.get_by_label(absent.name, exact=False).first.check()
    page.get_by_label("7 December 2026").check()
    page.get_by_label("How this harms the plan").fill(
        "No health update on the baby's weight since the conference"
    )
    _shots(page, "cg-attendance-concern-form")
    page.get_by_role("button", name="Send to the team manager").click()
    page.get_by_text("Attendance concern sent to the team manager").wait_for()
    axe(page, label="core group page with a concern")

    page.goto(f"{base}/birmingham/conferences/{review.pk}/reports/core-group/")
    page.get_by_role("button", name="Draft it from the minutes").click()
    page.get_by_text("Drafted from the core group minutes").wait_for()
    assert (
        "Core group met on 7 December 2026"
        in page.get_by_label("Your involvement since the last conference").input_value()
    )
    axe(page, label="combined report form")
    _shots(page, "combined-review-report-form")

    _sign_in(page, base, manager)
    page.goto(f"{base}/birmingham/core-groups/{setup.group.pk}/")
    page.get_by_role("link", name=f"Answer the concern about {absent.name}").click()
    page.get_by_label("Escalate it").check()
    page.get_by_label("Your answer, in writing").fill(
        "Health visiting manager has not replied to two letters"
    )
    axe(page, label="attendance answer form")
    _shots(page, "cg-attendance-answer-form")
    page.get_by_role("button", name="Record your answer").click()
    page.get_by_text("Your answer is recorded").wait_for()
    row = page.locator("[data-concern]").inner_text()
    assert "Escalated in writing" in row and "two letters" in row
    axe(page, label="core group page after the escalation")
    _shots(page, "cg-page-attendance-escalated")
