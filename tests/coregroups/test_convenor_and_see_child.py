"""CG-CONVENOR (the social worker convenes core groups) and CG-SEE-CHILD (the plan says how often
each core group member sees the child), in an authority where each is required, one where it is
advised (as Birmingham ships them) and one where it is off (as Barnsley ships them)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from authorities.models import Mode
from authorities.rules.checks import RuleViolation
from conferences.live import services as live
from conferences.models import ConferenceStatus
from coregroups import services
from coregroups.models import CoreGroupMeeting
from tests.conferences.live_helpers import give_opinions, make_room
from tests.conferences.test_live_services import _book, _plan
from tests.coregroups.helpers import HELD_ON, at, held_initial, manager_of
from tests.coregroups.review_helpers import set_mode

pytestmark = pytest.mark.django_db

MODES = [Mode.REQUIRED, Mode.ADVISED, Mode.OFF]


@pytest.mark.parametrize("mode", MODES)
def test_someone_other_than_the_social_worker_books_a_core_group_as_the_rule_set_says(
    two_authorities, clock, mode
):
    mine, _ = two_authorities
    set_mode(mine, "CG-CONVENOR", mode)
    setup = held_initial(mine, clock)
    manager = manager_of(setup)
    when = at(HELD_ON + datetime.timedelta(days=8))
    book = {"core_group_id": setup.group.pk, "scheduled_at": when, "venue_note": "Family home"}
    if mode == Mode.OFF:
        assert services.book_meeting(by=manager, **book).booked_by == manager
        return
    with pytest.raises(RuleViolation) as refused:
        services.book_meeting(by=manager, **book)
    assert refused.value.rule_id == "CG-CONVENOR" and refused.value.field == "reason"
    assert "convened by the case's social worker" in str(refused.value)
    if mode == Mode.REQUIRED:
        with pytest.raises(RuleViolation):
            services.book_meeting(by=manager, reason="Social worker off sick", **book)
        assert CoreGroupMeeting.objects.for_authority(mine).count() == 1  # only the first
    else:
        meeting = services.book_meeting(by=manager, reason="Social worker off sick", **book)
        assert meeting.history.get().history_change_reason == "Social worker off sick"


@pytest.mark.parametrize("mode", MODES)
def test_the_social_worker_books_without_a_reason_whatever_the_mode(two_authorities, clock, mode):
    mine, _ = two_authorities
    set_mode(mine, "CG-CONVENOR", mode)
    setup = held_initial(mine, clock)
    meeting = services.book_meeting(
        core_group_id=setup.group.pk,
        by=setup.social_worker,
        scheduled_at=at(HELD_ON + datetime.timedelta(days=8)),
        venue_note="Family home",
    )
    assert meeting.booked_by == setup.social_worker


def _ready_initial(authority, clock):
    """An initial conference with its plan, dates and members, but no contact line in the plan."""
    clock.day = HELD_ON
    room = make_room(authority, children=1, starts_at=at(HELD_ON))
    child = room.children[0]
    give_opinions(room, child, [True, True, True])
    live.record_decision(
        conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
    )
    _plan(room)
    _book(room)
    return room


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED])
def test_a_plan_says_how_often_members_see_the_child_where_the_rule_is_on(two_authorities, clock, mode):
    mine, _ = two_authorities
    set_mode(mine, "CG-SEE-CHILD", mode)
    room = _ready_initial(mine, clock)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "CG-SEE-CHILD"
    assert "how often each core group member sees the child" in str(refused.value)
    if mode == Mode.ADVISED:
        held = live.hold_conference(
            conference_id=room.pk, by=room.chair, reason="Visits agreed at the core group"
        )
        assert held.status == ConferenceStatus.HELD
        return
    with pytest.raises(RuleViolation):
        live.hold_conference(conference_id=room.pk, by=room.chair, reason="Later")
    with pytest.raises(ValidationError) as missing:
        live.add_plan_item(conference_id=room.pk, kind="contact", text="Health visitor", by=room.chair)
    assert "frequency" in missing.value.error_dict and "CG-SEE-CHILD" in str(missing.value)
    live.add_plan_item(
        conference_id=room.pk,
        kind="contact",
        text="Health visitor sees the baby",
        frequency="weekly",
        by=room.chair,
    )
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


def test_where_cg_see_child_is_off_the_plan_closes_without_contact_lines(two_authorities, clock):
    mine, _ = two_authorities  # Barnsley's rules: CG-SEE-CHILD off
    room = _ready_initial(mine, clock)
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


def test_the_live_form_asks_for_contact_frequency_only_where_cg_see_child_is_on(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    room = _ready_initial(mine, clock)
    client.force_login(room.chair.user)
    page = f"/{mine.slug}/conferences/{room.pk}/live/?step=plan"
    assert 'name="item-frequency"' not in client.get(page).text
    set_mode(mine, "CG-SEE-CHILD", Mode.ADVISED)
    assert 'name="item-frequency"' in client.get(page).text
