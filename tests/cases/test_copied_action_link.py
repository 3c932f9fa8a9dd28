"""The data migration that links each action copied to a child's plan before copies kept their
link to the conference's action it came from: through the deadline the copy runs on, or else the
one action it matched when it was made, whatever OUTCOME's mode; a copy it cannot match stays as
it was. Each link is a version in the copy's history. A copy so linked then keeps done in step."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from authorities.models import Mode
from cases.models import PlanItem
from conferences.live import copied_actions
from conferences.models import OutlinePlanItem
from tests.cases.test_copied_plan_actions import HELD_ON, _family_action, _patch, _set_outcome

pytestmark = pytest.mark.django_db


def _models_at_migration():
    """The models as the migration saw them (its links were foreign keys then), over today's tables."""
    state = MigrationLoader(connection).project_state(("cases", "0009_plan_item_copied_from_action"))
    return state.apps


migration = importlib.import_module("cases.migrations.0009_plan_item_copied_from_action")


@pytest.fixture
def clock(clock):
    clock.day = HELD_ON
    return clock


def _as_before(copies: list[PlanItem], *, keep_deadline: bool = False) -> None:
    """As copies were before they kept their link to the action (and to its deadline, unless kept)."""
    changes = {"copied_from_id": None} if keep_deadline else {"copied_from_id": None, "deadline": None}
    PlanItem.framework_objects.filter(pk__in=[c.pk for c in copies]).update(**changes)


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED, Mode.OFF])
def test_the_migration_links_each_childs_copy_to_the_action_it_came_from(two_authorities, clock, mode):
    mine, _ = two_authorities
    _set_outcome(mine, mode)
    copies, agreed = _family_action(mine, clock)
    _as_before(copies)
    assert migration.link_copies_to_actions(_models_at_migration(), None) == 2
    for copy in copies:
        copy.refresh_from_db()
        assert copy.copied_from == agreed and copy.deadline is None
        assert copy.history.first().history_change_reason == migration.LINKED
        assert copy.history.first().copied_from_id == agreed.pk
    assert (
        migration.link_copies_to_actions(_models_at_migration(), None) == 0
    )  # run again, nothing left to link


def test_a_copy_on_the_conferences_deadline_is_linked_to_that_deadlines_action(two_authorities, clock):
    mine, _ = two_authorities
    copies, agreed = _family_action(mine, clock)
    _as_before(copies, keep_deadline=True)
    # Reworded since the copy was made: the deadline, not the wording, says where it came from.
    OutlinePlanItem.framework_objects.filter(pk=agreed.pk).update(text="Mum sees the GP")
    assert migration.link_copies_to_actions(_models_at_migration(), None) == 2
    actions = PlanItem.objects.for_authority(mine).filter(kind="action")
    assert {c.copied_from_id for c in actions} == {agreed.pk}


def test_the_migration_leaves_a_copy_it_cannot_match_to_one_action(two_authorities, clock):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    copies, agreed = _family_action(mine, clock)
    _as_before(copies)
    # Two identical actions agreed for the family: which one a copy came from is unknown.
    OutlinePlanItem.framework_objects.create(
        authority=mine,
        plan=agreed.plan,
        kind="action",
        text=agreed.text,
        owner_name=agreed.owner_name,
        due_on=agreed.due_on,
        position=9,
    )
    assert migration.link_copies_to_actions(_models_at_migration(), None) == 0
    versions = PlanItem.history.filter(id__in=[c.pk for c in copies]).count()
    assert versions == len(copies)  # nothing new in their history
    assert not PlanItem.objects.for_authority(mine).filter(copied_from_id__isnull=False).exists()


def test_a_copy_the_migration_linked_keeps_done_in_step_where_outcome_is_off(client, two_authorities, clock):
    mine, _ = two_authorities
    _set_outcome(mine, Mode.OFF)
    (first, second), agreed = _family_action(mine, clock)
    _as_before([first, second])
    migration.link_copies_to_actions(_models_at_migration(), None)
    _patch(client, first, {"done_on": HELD_ON.isoformat()})
    _patch(client, second, {"done_on": HELD_ON.isoformat()})
    agreed.refresh_from_db()
    assert agreed.done_on == HELD_ON


def test_the_conferences_answers_stay_within_the_authority(two_authorities, clock):
    mine, theirs = two_authorities
    _, agreed = _family_action(mine, clock)
    assert copied_actions.deadline_of_copied_action(authority_id=theirs.pk, action_id=agreed.pk) is None
    copied_actions.follow_copies(authority_id=theirs.pk, action_id=agreed.pk, done_on=HELD_ON, by=None)
    agreed.refresh_from_db()
    assert agreed.done_on is None
    assert copied_actions.deadline_of_copied_action(authority_id=mine.pk, action_id=agreed.pk) is not None
