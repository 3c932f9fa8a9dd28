"""An outline plan action past its date: the social worker sees it flagged overdue on the held
conference's page and marks it done (no JavaScript needed); the chair, in the room, moves another
action's date and sees a refusal in place. Every page axe-checked."""

import datetime

import pytest

from authorities.models import Authority
from conferences.live import services as live
from tests.conferences.live_helpers import make_room
from tests.coregroups.helpers import at, held_initial
from tests.e2e.helpers import fill_date
from tests.factories import PASSWORD


@pytest.fixture
def barnsley(transactional_db, clock):
    return Authority.objects.get(slug="barnsley"), clock


def _sign_in(page, live_server, membership):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(membership.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")


def test_an_overdue_plan_action_is_flagged_and_marked_done(live_server, page, axe, screenshot, barnsley):
    authority, clock = barnsley
    setup = held_initial(authority, clock)
    conference = setup.room.conference
    clock.day = datetime.date(2026, 12, 16)  # the action was due on 14 December

    _sign_in(page, live_server, setup.social_worker)
    page.goto(f"{live_server.url}/barnsley/conferences/{conference.pk}/live/?step=plan#plan")
    action = page.locator("li[data-action-state]")
    assert action.get_attribute("data-action-state") == "overdue"
    assert "Overdue" in action.inner_text()
    axe(page, label="held conference, overdue action")
    action.get_by_role("button", name="Mark done").click()
    page.get_by_text("Action marked done.").wait_for()
    action = page.locator("li[data-action-state]")
    assert action.get_attribute("data-action-state") == "done"
    assert "on 16 December 2026, after its due date" in action.inner_text()
    axe(page, label="held conference, action done")
    screenshot(page, "plan-action-done")

    clock.day = datetime.date(2027, 1, 4)
    room = make_room(authority, children=1, starts_at=at(clock.day))
    danger = live.add_plan_item(conference_id=room.pk, kind="danger", text="Dad drinks", by=room.chair)
    live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text="Dad sees the alcohol service",
        owner_name="Sam Social",
        due_on=datetime.date(2027, 1, 18),
        answers_id=danger.pk,
        by=room.chair,
    )
    _sign_in(page, live_server, room.chair)
    page.goto(f"{live_server.url}/barnsley/conferences/{room.pk}/live/?step=plan#plan")
    action = page.locator("li[data-action-state]")
    action.get_by_text("Change the due date").click()
    fill_date(action, "Due by", datetime.date(2026, 12, 1))
    action.get_by_role("button", name="Change the date").click()
    assert "due_on: an action is due on or after the day of the conference" in (
        page.locator(".govuk-error-summary").inner_text()
    )
    axe(page, label="live page, date refused")
    action = page.locator("li[data-action-state]")
    fill_date(action, "Due by", datetime.date(2027, 1, 25))
    action.get_by_role("button", name="Change the date").click()
    page.wait_for_load_state()
    assert "due 25 January 2027" in page.locator("li[data-action-state]").inner_text()
