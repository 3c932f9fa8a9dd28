"""Set-up for the core group tests: an initial conference held on a fixed Monday (the `clock`
fixture puts "today" there), with a child protection plan, a named core group and its first
meeting booked (CG1-10WD open)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from authorities.models import Authority, Role
from conferences.live import services as live
from coregroups import services
from coregroups.models import AttendanceStatus, CoreGroup, CoreGroupMeeting
from tests.clock import Clock
from tests.conferences.live_helpers import Room, give_opinions, make_room
from tests.conferences.test_live_services import _book, _plan
from tests.factories import MembershipFactory

UTC = datetime.UTC
HELD_ON = datetime.date(2026, 11, 30)  # a Monday; CG1-10WD due 2026-12-14, RCPC1-3M 2027-02-26


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


@dataclass
class Setup:
    room: Room
    group: CoreGroup
    first: CoreGroupMeeting

    @property
    def social_worker(self):
        return self.room.conference.social_worker

    @property
    def authority(self) -> Authority:
        return self.room.conference.authority


def held_initial(authority: Authority, clock: Clock, *, children: int = 1) -> Setup:
    clock.day = HELD_ON
    room = make_room(authority, children=children, starts_at=at(HELD_ON))
    for child in room.children:
        give_opinions(room, child, [True, True, True])
        live.record_decision(
            conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
        )
    _plan(room)
    if room.conference.rule_set_in_force().is_on("CG-SEE-CHILD"):  # as in Birmingham
        live.add_plan_item(
            conference_id=room.pk,
            kind="contact",
            text="Social worker visits",
            frequency="weekly",
            by=room.chair,
        )
    _book(room)
    live.hold_conference(conference_id=room.pk, by=room.chair)
    group = CoreGroup.objects.for_authority(authority).get(family=room.conference.family)
    first = CoreGroupMeeting.objects.for_authority(authority).get(core_group=group)
    return Setup(room=room, group=group, first=first)


def minutes(setup: Setup, held: datetime.date, **changes) -> services.MinutesIn:
    """Minutes with every CG-MINUTES part filled in; `changes` replace parts."""
    members = list(setup.group.members.all())
    items = services.current_plan_items(setup.group)
    values = {
        "held_at": at(held),
        "venue_note": "Family home",
        "purpose": "Review the plan",
        "attendance": [services.AttendanceIn(m.pk, AttendanceStatus.ATTENDED) for m in members],
        "chaired_by": "Sam Social Worker",
        "minutes_by": "Bea Business Support",
        "progress": [services.ProgressIn(i.pk, "Going well", "agreed") for i in items],
        "no_plan_changes": True,
        "child_voice": "Says home is calmer",
        "actions": [
            services.ActionIn(
                "Visit weekly", owner_name="Social worker", due_on=held + datetime.timedelta(days=7)
            )
        ],
        "action_points_checked": True,
        "next_meeting_at": at(held + datetime.timedelta(days=28)),
        "next_venue_note": "Family home",
    }
    values.update(changes)
    return services.MinutesIn(**values)


def manager_of(setup: Setup):
    manager = MembershipFactory(authority=setup.authority, role=Role.TEAM_MANAGER)
    sw = setup.social_worker
    sw.team_manager = manager
    sw.save()
    return manager
