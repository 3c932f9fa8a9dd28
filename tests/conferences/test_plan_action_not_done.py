"""Taking back "done" on a conference's outline plan action marked done by mistake: whoever may mark
it done says why, the history keeps who, when and why, each child's copy on their plan is not done
either and the OUTCOME deadline runs again (through the copies, as when a copy is changed on a
child's plan; the conference's own where the room has not closed)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from authorities.models import Mode, Role, RuleSet
from cases.models import PlanItem
from conferences.live import plan_actions
from conferences.live import services as live
from conferences.models import OutlinePlanItem
from scheduling.services import deadline_for
from tests.conferences.live_helpers import make_room
from tests.coregroups.helpers import HELD_ON, at, held_initial
from tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DONE_DAY = D(2026, 12, 10)  # before the action's due date (14 December 2026)
# Longer than the history's reason column (100 characters): the action keeps it whole.
REASON = (
    "Marked done for the wrong family: Dad has not been referred to the alcohol service yet, "
    "as the referral form is still with his GP"
)


@pytest.fixture
def clock(clock):
    clock.day = HELD_ON
    return clock


def _held(authority, clock, children: int = 2):
    setup = held_initial(authority, clock, children=children)
    item = OutlinePlanItem.objects.for_authority(authority).actions().get(plan__conference=setup.room.pk)
    copies = list(PlanItem.objects.for_authority(authority).filter(copied_from_id=item.pk).order_by("pk"))
    return setup.room.refresh(), item, copies


def _deadline(item):
    return deadline_for(authority=item.authority_id, rule_id="OUTCOME", subject=item)


def _urls(item):
    base = f"/{item.authority.slug}/conferences/plan-actions/{item.pk}/"
    return base + "done/", base + "not-done/", base + "history/"


def _done_on(authority, copies) -> list:
    rows = PlanItem.objects.for_authority(authority).filter(pk__in=[c.pk for c in copies]).order_by("pk")
    return [row.done_on for row in rows]


def _set_outcome(authority, mode):
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id="OUTCOME")
    setting.mode = mode
    setting.save()


# --- the page --------------------------------------------------------------------------------------


def test_the_social_worker_takes_done_back_with_a_reason_and_the_copies_and_deadline_follow(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    conference, item, copies = _held(mine, clock)
    assert len(copies) == 2 and all(c.deadline == _deadline(item) for c in copies)
    clock.day = DONE_DAY
    worker = conference.social_worker
    client.force_login(worker.user)
    done_url, not_done_url, history_url = _urls(item)
    assert client.post(done_url, {"done_on": ""}).status_code == 302
    assert _deadline(item).met_on == DONE_DAY
    assert _done_on(mine, copies) == [DONE_DAY, DONE_DAY]

    live_page = client.get(f"/{mine.slug}/conferences/{conference.pk}/live/?step=plan").content.decode()
    assert f"{history_url}#not-done" in live_page and "Not done after all?" in live_page
    page = client.get(history_url).content.decode()
    assert f'action="{not_done_url}"' in page and 'name="csrfmiddlewaretoken"' in page

    response = client.post(not_done_url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"].endswith(f"#plan-item-{item.pk}")
    item.refresh_from_db()
    assert item.done_on is None
    latest = item.history.first()
    assert (latest.history_user, latest.not_done_reason) == (worker.user, REASON)
    assert latest.history_change_reason == f"not done after all: {REASON}"[:100]
    deadline = _deadline(item)
    assert (deadline.met_on, deadline.cancelled_at, deadline.due_on) == (None, None, D(2026, 12, 14))
    assert deadline.status == "due_soon"
    for copy in copies:
        copy.refresh_from_db()
        assert copy.done_on is None and copy.deadline == deadline
        record = copy.history.first()
        assert record.history_user == worker.user
        assert record.history_change_reason == f"plan changed: not done after all: {REASON}"[:100]

    page = client.get(history_url).content.decode()
    assert "Not done after all</td>" in page and REASON.replace("'", "&#x27;") in page
    assert escape(worker.user.display_name) in page and "10 December 2026" in page
    assert "Marked done on 10 December 2026" in page
    assert f'action="{not_done_url}"' not in page  # not done now: nothing to take back
    live_page = client.get(f"/{mine.slug}/conferences/{conference.pk}/live/?step=plan").content.decode()
    assert f'id="plan-item-{item.pk}" data-action-state="due_soon"' in live_page
    assert "Mark done" in live_page


def test_an_empty_reason_is_refused_naming_the_field_and_nothing_changes(client, two_authorities, clock):
    mine, _ = two_authorities
    conference, item, _ = _held(mine, clock)
    clock.day = DONE_DAY
    plan_actions.mark_plan_action_done(item_id=item.pk, by=conference.chair)
    client.force_login(conference.chair.user)
    _, not_done_url, _ = _urls(item)
    for reason in ("", "   "):
        response = client.post(not_done_url, {"reason": reason})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Enter the reason the action is not done after all" in page
        assert 'href="#id_reason"' in page  # the error summary links to the box
    item.refresh_from_db()
    assert item.done_on == DONE_DAY and _deadline(item).met_on == DONE_DAY
    with pytest.raises(ValidationError) as refused:
        plan_actions.mark_plan_action_not_done(item_id=item.pk, by=conference.chair, reason=" ")
    assert "reason" in refused.value.message_dict


def test_only_those_who_may_mark_it_done_take_it_back_and_other_authorities_get_404(
    client, two_authorities, clock
):
    mine, theirs = two_authorities
    conference, item, _ = _held(mine, clock)
    clock.day = DONE_DAY
    plan_actions.mark_plan_action_done(item_id=item.pk, by=conference.chair)
    _, not_done_url, history_url = _urls(item)
    for role in (Role.SERVICE_MANAGER, Role.SOCIAL_WORKER):  # staff, but not this case's worker
        client.force_login(MembershipFactory(authority=mine, role=role).user)
        assert client.post(not_done_url, {"reason": REASON}).status_code == 403
        page = client.get(history_url)
        assert page.status_code == 200 and "Mark not done" not in page.content.decode()
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    InvitationFactory(conference=conference, membership=practitioner)
    outsider = MembershipFactory(authority=theirs, role=Role.CHAIR)
    for who, slug in ((practitioner, mine.slug), (outsider, theirs.slug), (outsider, mine.slug)):
        client.force_login(who.user)
        url = f"/{slug}/conferences/plan-actions/{item.pk}/"
        assert client.post(f"{url}not-done/", {"reason": REASON}).status_code == 404
        assert client.get(f"{url}history/").status_code == 404
    item.refresh_from_db()
    assert item.done_on == DONE_DAY and _deadline(item).met_on == DONE_DAY


# --- the service -----------------------------------------------------------------------------------


def test_in_the_room_with_no_copies_yet_the_conferences_own_deadline_reopens(two_authorities, clock):
    mine, _ = two_authorities
    room = make_room(mine, children=1, starts_at=at(HELD_ON))
    danger = live.add_plan_item(conference_id=room.pk, kind="danger", text="Dad's drinking", by=room.chair)
    item = live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text="Refer Dad to the alcohol service",
        owner_name="Social worker",
        due_on=D(2026, 12, 14),
        answers_id=danger.pk,
        by=room.chair,
    )
    plan_actions.mark_plan_action_done(item_id=item.pk, by=room.chair)
    assert _deadline(item).met_on == HELD_ON
    plan_actions.mark_plan_action_not_done(item_id=item.pk, by=room.chair, reason="Not referred yet")
    item.refresh_from_db()
    assert item.done_on is None and _deadline(item).met_on is None
    assert _deadline(item).cancelled_at is None
    # Not done already: taking it back again changes nothing.
    versions = item.history.count()
    plan_actions.mark_plan_action_not_done(item_id=item.pk, by=room.chair, reason="Again")
    assert item.history.count() == versions


def test_where_outcome_is_off_the_copies_are_not_done_either_and_no_deadline_opens(two_authorities, clock):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    conference, item, copies = _held(mine, clock)
    plan_actions.mark_plan_action_done(item_id=item.pk, by=conference.chair)
    plan_actions.mark_plan_action_not_done(item_id=item.pk, by=conference.chair, reason=REASON)
    assert _done_on(mine, copies) == [None, None]
    assert _deadline(item) is None
    item.refresh_from_db()
    assert item.done_on is None


def test_a_copy_on_an_ended_plan_stays_done(two_authorities, clock):
    mine, _ = two_authorities
    conference, item, (first, second) = _held(mine, clock)
    plan_actions.mark_plan_action_done(item_id=item.pk, by=conference.chair)
    second.plan.ended_on = HELD_ON
    second.plan.save(update_fields=["ended_on"])
    plan_actions.mark_plan_action_not_done(item_id=item.pk, by=conference.chair, reason=REASON)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.done_on, second.done_on) == (None, HELD_ON)
    assert _deadline(item).met_on is None


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_takes_done_back_with_a_reason(client, two_authorities, clock):
    mine, theirs = two_authorities
    conference, item, copies = _held(mine, clock)
    clock.day = DONE_DAY
    client.force_login(conference.social_worker.user)
    url = f"/api/v1/{mine.slug}/plan-actions/{item.pk}/"
    assert client.post(f"{url}done/", {}, content_type="application/json").status_code == 200
    response = client.post(f"{url}not-done/", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["reason"] == ["Enter the reason the action is not done after all."]
    response = client.post(f"{url}not-done/", {"reason": REASON}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["done_on"], response.json()["status"]) == (None, "due_soon")
    assert _done_on(mine, copies) == [None, None]

    client.force_login(MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER).user)
    response = client.post(f"{url}not-done/", {"reason": REASON}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(MembershipFactory(authority=theirs, role=Role.CHAIR).user)
    for slug in (mine.slug, theirs.slug):
        response = client.post(
            f"/api/v1/{slug}/plan-actions/{item.pk}/not-done/",
            {"reason": REASON},
            content_type="application/json",
        )
        assert response.status_code == 404
