"""A conference's action copied to each child's plan: one action of the family, linked from each
copy (`PlanItem.copied_from`) whatever OUTCOME's mode, so done is kept in step with the conference's
outline plan both ways, with history; where OUTCOME runs, one deadline, due on the earliest date
among the copies still to do and met when every child's copy is done. Copies not on the conference's
deadline yet find it through their link (and those made before copies kept a deadline, by the data
migration) instead of opening a second one."""

from __future__ import annotations

import datetime
import importlib
from unittest import mock

import pytest
from django.apps import apps

from authorities.models import Mode, RuleSet
from cases.models import PlanItem
from conferences.live import plan_actions
from conferences.models import OutlinePlanItem
from scheduling.models import Deadline
from scheduling.services import deadline_for
from tests.cases.test_plan_item_api import _api
from tests.coregroups.helpers import HELD_ON, held_initial

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0008_link_copied_plan_actions")

DUE = datetime.date(2026, 12, 14)  # the conference's date for the action, two weeks after HELD_ON
LATER = datetime.date(2026, 12, 21)
DAY_AFTER = HELD_ON + datetime.timedelta(days=1)


def _set_outcome(authority, mode):
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id="OUTCOME")
    setting.mode = mode
    setting.save()


def _family_action(authority, clock, *, children: int = 2) -> tuple[list[PlanItem], OutlinePlanItem]:
    setup = held_initial(authority, clock, children=children)
    agreed = OutlinePlanItem.objects.for_authority(authority).actions().get(plan__conference=setup.room.pk)
    copies = list(
        PlanItem.objects.for_authority(authority).filter(kind="action", text=agreed.text).order_by("pk")
    )
    return copies, agreed


def _patch(client, copy: PlanItem, body: dict) -> None:
    url = _api(client, copy.plan.child.family.social_worker)
    response = client.patch(
        f"{url}{copy.pk}/", {"why": "Core group", **body}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()


def _outcome_deadlines(authority) -> list[Deadline]:
    return list(
        Deadline.objects.for_authority(authority).filter(rule_id="OUTCOME", cancelled_at__isnull=True)
    )


@pytest.fixture
def clock(clock):
    clock.day = HELD_ON
    return clock


def _in_step(agreed: OutlinePlanItem, deadline: Deadline | None) -> tuple:
    """The conference's action done, and its deadline met, where one runs."""
    agreed.refresh_from_db()
    if deadline is None:
        return agreed.done_on, None
    deadline.refresh_from_db()
    return agreed.done_on, deadline.met_on


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED, Mode.OFF])
def test_the_familys_action_is_done_when_every_childs_copy_is_done(client, two_authorities, clock, mode):
    mine, _ = two_authorities
    _set_outcome(mine, mode)
    (first, second), agreed = _family_action(mine, clock)
    assert first.copied_from == second.copied_from == agreed
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    if mode == Mode.OFF:  # no deadline: the link alone keeps done in step
        assert deadline is None and first.deadline is None and second.deadline is None
    else:
        assert first.deadline == second.deadline == deadline and deadline.mode == Mode.ADVISED

    clock.day = DAY_AFTER
    _patch(client, first, {"done_on": HELD_ON.isoformat()})
    assert _in_step(agreed, deadline) == (None, None)  # the other child's copy is still to do

    _patch(client, second, {"done_on": DAY_AFTER.isoformat()})
    expected_met = None if mode == Mode.OFF else DAY_AFTER
    assert _in_step(agreed, deadline) == (DAY_AFTER, expected_met)
    latest = agreed.history.first()
    assert latest.history_change_reason == "done on every child's plan"
    assert latest.history_user == second.plan.child.family.social_worker.user
    if deadline is not None:
        assert deadline.status == "met_on_time"
    assert [d.pk for d in _outcome_deadlines(mine) if d.met_on is None] == []

    _patch(client, second, {"done_on": None})
    assert _in_step(agreed, deadline) == (None, None)
    undone = agreed.history.first().history_change_reason
    assert undone == "a child's copy of this action is not done any more"
    if deadline is not None:
        assert deadline.cancelled_at is None
    else:
        assert _outcome_deadlines(mine) == []


def test_the_shared_deadline_is_due_on_the_earliest_date_still_to_come(client, two_authorities, clock):
    mine, _ = two_authorities
    (first, second), agreed = _family_action(mine, clock)
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)

    _patch(client, first, {"due_on": LATER.isoformat()})
    deadline.refresh_from_db()
    assert (deadline.event_on, deadline.due_on) == (DUE, DUE)  # the second child's copy is due first

    _patch(client, second, {"done_on": HELD_ON.isoformat()})
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.met_on) == (LATER, None)
    assert len(_outcome_deadlines(mine)) == 1  # no second deadline for the family's action


def test_removing_one_childs_copy_leaves_the_deadline_to_the_others(client, two_authorities, clock):
    mine, _ = two_authorities
    (first, second), agreed = _family_action(mine, clock)
    _patch(client, second, {"done_on": HELD_ON.isoformat()})
    url = _api(client, first.plan.child.family.social_worker)
    assert client.post(f"{url}{first.pk}/remove/", {"why": "Not needed for her"}).status_code == 204
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    agreed.refresh_from_db()
    assert (deadline.met_on, deadline.cancelled_at, agreed.done_on) == (HELD_ON, None, HELD_ON)


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED, Mode.OFF])
def test_marking_the_action_done_on_the_conferences_plan_marks_each_copy_done(two_authorities, clock, mode):
    mine, _ = two_authorities
    _set_outcome(mine, mode)
    copies, agreed = _family_action(mine, clock)
    chair = agreed.plan.conference.chair
    plan_actions.mark_plan_action_done(item_id=agreed.pk, by=chair, done_on=HELD_ON)
    for copy in copies:
        copy.refresh_from_db()
        assert copy.done_on == HELD_ON
        latest = copy.history.first()
        assert latest.history_user == chair.user
        assert latest.history_change_reason.endswith("done, as marked on the conference's outline plan")


def test_only_the_actions_are_linked_to_the_line_they_came_from(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    lines = PlanItem.objects.for_authority(mine).filter(plan__child__family=setup.room.conference.family)
    action = lines.get(kind="action")
    agreed = OutlinePlanItem.objects.for_authority(mine).actions().get(plan__conference=setup.room.pk)
    assert action.copied_from == agreed
    assert action.history.earliest("history_date").copied_from_id == agreed.pk  # in its first version
    assert lines.exclude(kind="action").exists()
    assert not lines.exclude(kind="action").filter(copied_from_id__isnull=False).exists()


def _unlink(copies: list[PlanItem]) -> None:
    """As copies were before they kept their link to the conference's deadline (their link to the
    action came with a later migration, which finds it for them)."""
    PlanItem.framework_objects.filter(pk__in=[c.pk for c in copies]).update(deadline=None)


def test_an_unlinked_copy_moves_the_conferences_deadline_instead_of_opening_a_second(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    (copy,), agreed = _family_action(mine, clock, children=1)
    _unlink([copy])
    _patch(client, copy, {"due_on": LATER.isoformat()})
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    copy.refresh_from_db()
    assert copy.deadline == deadline and deadline.due_on == LATER
    assert deadline_for(authority=mine, rule_id="OUTCOME", subject=copy) is None
    assert len(_outcome_deadlines(mine)) == 1


def test_the_migration_links_each_childs_copy_to_its_conferences_deadline(two_authorities, clock):
    mine, _ = two_authorities
    copies, agreed = _family_action(mine, clock)
    _unlink(copies)
    assert migration.link_copied_actions(apps, None) == 2
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    for copy in copies:
        copy.refresh_from_db()
        assert copy.deadline == deadline
        assert copy.history.first().history_change_reason == migration.LINKED
    assert migration.link_copied_actions(apps, None) == 0  # run again, nothing left to link


def test_the_migration_leaves_a_copy_it_cannot_match_to_one_running_deadline(two_authorities, clock):
    mine, _ = two_authorities
    copies, agreed = _family_action(mine, clock)
    _unlink(copies)
    # Two identical actions agreed for the family: which one a copy came from is unknown.
    twin = OutlinePlanItem.framework_objects.create(
        authority=mine,
        plan=agreed.plan,
        kind="action",
        text=agreed.text,
        owner_name=agreed.owner_name,
        due_on=agreed.due_on,
        position=9,
    )
    assert migration.link_copied_actions(apps, None) == 0
    twin.delete()
    Deadline.objects.for_authority(mine).filter(subject_id=agreed.pk, rule_id="OUTCOME").update(
        cancelled_at=agreed.plan.conference.starts_at
    )
    assert migration.link_copied_actions(apps, None) == 0
    assert not PlanItem.objects.for_authority(mine).filter(deadline__isnull=False).exists()


def test_where_outcome_is_off_moving_a_copys_date_opens_no_deadline_and_done_still_follows(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    (first, second), agreed = _family_action(mine, clock)
    _patch(client, first, {"done_on": HELD_ON.isoformat()})
    _patch(client, second, {"due_on": LATER.isoformat()})
    agreed.refresh_from_db()
    assert agreed.done_on is None and _outcome_deadlines(mine) == []
    _patch(client, second, {"done_on": HELD_ON.isoformat()})
    agreed.refresh_from_db()
    assert agreed.done_on == HELD_ON and _outcome_deadlines(mine) == []


def test_removing_the_last_copy_still_to_do_marks_the_action_done_where_outcome_is_off(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    (first, second), agreed = _family_action(mine, clock)
    _patch(client, second, {"done_on": HELD_ON.isoformat()})
    url = _api(client, first.plan.child.family.social_worker)
    assert client.post(f"{url}{first.pk}/remove/", {"why": "Not needed for her"}).status_code == 204
    agreed.refresh_from_db()
    assert agreed.done_on == HELD_ON and _outcome_deadlines(mine) == []


def test_removing_an_unlinked_copy_cancels_the_conferences_deadline_and_keeps_the_reason(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    (copy,), agreed = _family_action(mine, clock, children=1)
    _unlink([copy])
    url = _api(client, copy.plan.child.family.social_worker)
    assert client.post(f"{url}{copy.pk}/remove/", {"why": "Dad moved away"}).status_code == 204
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    assert deadline.cancelled_at is not None
    removal = PlanItem.history.filter(id=copy.pk, history_type="-").get()
    assert removal.history_change_reason.endswith("Dad moved away")


def test_a_second_deadline_opened_before_the_link_gives_way_to_the_conferences(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    (copy,), agreed = _family_action(mine, clock, children=1)
    _unlink([copy])
    with mock.patch("cases.hooks.copied_action_deadline", return_value=None):
        _patch(client, copy, {"due_on": LATER.isoformat()})  # as before copies found their deadline
    second = deadline_for(authority=mine, rule_id="OUTCOME", subject=copy)
    assert second.due_on == LATER and len(_outcome_deadlines(mine)) == 2
    assert migration.link_copied_actions(apps, None) == 0  # left to the runtime: its dates are the copy's

    _patch(client, copy, {"done_on": HELD_ON.isoformat()})
    second.refresh_from_db()
    deadline = deadline_for(authority=mine, rule_id="OUTCOME", subject=agreed)
    assert second.cancelled_at is not None
    assert (deadline.event_on, deadline.met_on) == (LATER, HELD_ON)
    assert [d.pk for d in _outcome_deadlines(mine)] == [deadline.pk]
