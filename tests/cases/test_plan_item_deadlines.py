"""An action of a child protection plan changed between conferences (`plan-items/`) keeps its
OUTCOME deadline in step, as in the room: opened when added with a date (advised, due on the date
agreed), moved with its date, met when done, cancelled with the reason when removed. An action
copied from the conference's outline plan moves the deadline the conference opened for it."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Mode, RuleSet
from cases.models import PlanItem
from conferences.models import OutlinePlanItem
from scheduling.models import Deadline
from scheduling.services import deadline_for
from tests.cases.test_plan_item_api import _action, _api, _plan
from tests.coregroups.helpers import HELD_ON, held_initial

pytestmark = pytest.mark.django_db

D = datetime.date
DUE = D(2026, 12, 14)  # a Monday, two weeks after HELD_ON
LATER = D(2026, 12, 21)


@pytest.fixture
def clock(clock):
    clock.day = HELD_ON
    return clock


def _own_deadline(item_id: int) -> Deadline | None:
    item = PlanItem.framework_objects.get(pk=item_id)
    return deadline_for(authority=item.authority_id, rule_id="OUTCOME", subject=item)


def _patch(client, url, item_id, body):
    response = client.patch(f"{url}{item_id}/", body, content_type="application/json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_an_action_added_between_conferences_opens_an_advised_deadline_on_its_date(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    made = client.post(url, _action(plan, danger, due_on=DUE.isoformat()), content_type="application/json")
    assert made.status_code == 201, made.json()

    deadline = _own_deadline(made.json()["id"])
    assert (deadline.rule_id, deadline.mode, deadline.event_on, deadline.due_on) == (
        "OUTCOME",
        Mode.ADVISED,
        DUE,
        DUE,
    )
    assert deadline.family_id == plan.child.family_id
    assert deadline.responsible == plan.child.family.social_worker
    assert deadline.met_on is None and deadline.cancelled_at is None


def test_changing_the_date_moves_the_same_deadline_and_done_meets_it(client, two_authorities, clock):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    item = client.post(url, _action(plan, danger, due_on=DUE.isoformat()), content_type="application/json")
    item_id = item.json()["id"]
    first = _own_deadline(item_id)

    _patch(client, url, item_id, {"due_on": LATER.isoformat(), "why": "Waiting list"})
    moved = _own_deadline(item_id)
    assert (moved.pk, moved.due_on, moved.met_on) == (first.pk, LATER, None)

    _patch(client, url, item_id, {"done_on": HELD_ON.isoformat(), "why": "Assessment done"})
    met = _own_deadline(item_id)
    assert (met.pk, met.met_on, met.status) == (first.pk, HELD_ON, "met_on_time")

    _patch(client, url, item_id, {"done_on": None, "why": "Recorded on the wrong line"})
    assert _own_deadline(item_id).met_on is None


def test_removing_an_action_cancels_its_deadline_with_the_reason(client, two_authorities, clock):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    item_id = client.post(
        url, _action(plan, danger, due_on=DUE.isoformat()), content_type="application/json"
    ).json()["id"]
    deadline = _own_deadline(item_id)

    assert client.post(f"{url}{item_id}/remove/", {"why": "Not needed now"}).status_code == 204
    deadline.refresh_from_db()
    assert deadline.cancelled_at is not None
    assert deadline.history.first().history_change_reason == "Not needed now"


def _set_outcome(authority, mode):
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id="OUTCOME")
    setting.mode = mode
    setting.save()


def test_once_outcome_is_off_changing_the_action_cancels_its_deadline(client, two_authorities, clock):
    mine, _ = two_authorities
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    item_id = client.post(
        url, _action(plan, danger, due_on=DUE.isoformat()), content_type="application/json"
    ).json()["id"]
    _set_outcome(mine, Mode.OFF)
    _patch(client, url, item_id, {"due_on": LATER.isoformat(), "why": "Waiting list"})
    assert _own_deadline(item_id).cancelled_at is not None


def test_where_outcome_is_off_an_added_action_opens_no_deadline(client, two_authorities, clock):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    plan, danger = _plan(mine)
    url = _api(client, plan.child.family.social_worker)
    made = client.post(url, _action(plan, danger, due_on=DUE.isoformat()), content_type="application/json")
    assert made.status_code == 201, made.json()
    assert _own_deadline(made.json()["id"]) is None


def _copied_action(authority, clock) -> tuple[PlanItem, OutlinePlanItem]:
    setup = held_initial(authority, clock)
    agreed = OutlinePlanItem.objects.for_authority(authority).actions().get(plan__conference=setup.room.pk)
    copied = PlanItem.objects.for_authority(authority).get(kind="action", text=agreed.text)
    return copied, agreed


def test_a_copied_action_moves_and_meets_the_deadline_the_conference_opened(client, two_authorities, clock):
    mine, _ = two_authorities
    copied, agreed = _copied_action(mine, clock)
    agreed_deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    assert copied.deadline == agreed_deadline

    url = _api(client, copied.plan.child.family.social_worker)
    _patch(client, url, copied.pk, {"due_on": LATER.isoformat(), "why": "Moved at the core group"})
    agreed_deadline.refresh_from_db()
    assert (agreed_deadline.due_on, agreed_deadline.cancelled_at) == (LATER, None)
    assert _own_deadline(copied.pk) is None  # no second deadline for the same action

    _patch(client, url, copied.pk, {"done_on": HELD_ON.isoformat(), "why": "Referral made"})
    agreed_deadline.refresh_from_db()
    assert agreed_deadline.met_on == HELD_ON


def test_removing_a_copied_action_cancels_the_conferences_deadline(client, two_authorities, clock):
    mine, _ = two_authorities
    copied, agreed = _copied_action(mine, clock)
    url = _api(client, copied.plan.child.family.social_worker)
    assert client.post(f"{url}{copied.pk}/remove/", {"why": "Dad moved away"}).status_code == 204
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    assert deadline.cancelled_at is not None
    assert deadline.history.first().history_change_reason == "Dad moved away"
