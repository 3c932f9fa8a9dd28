"""Hand-built data for the dashboard's tests: a team (manager and social worker), their cases,
deadlines, plans, conferences and invitations, each dated exactly."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from authorities.models import Role
from tests.factories import (
    ChildFactory,
    ConferenceFactory,
    DeadlineFactory,
    FamilyFactory,
    MembershipFactory,
)

LONDON = ZoneInfo("Europe/London")
_SUBJECTS = itertools.count(1_000_000)


def team(authority, name: str = "Tess"):
    manager = MembershipFactory(
        authority=authority, role=Role.TEAM_MANAGER, user__full_name=f"{name} Manager"
    )
    worker = MembershipFactory(
        authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager, user__full_name=f"{name} Worker"
    )
    return manager, worker


def family_of(worker, name: str = "Hollins family"):
    return FamilyFactory(authority=worker.authority, social_worker=worker, name=name)


def deadline(family, *, rule_id: str = "ICPC-15WD", due_on, met_on=None, **fields):
    return DeadlineFactory(
        family=family,
        rule_id=rule_id,
        due_on=due_on,
        event_on=due_on - datetime.timedelta(days=21),
        met_on=met_on,
        subject_id=next(_SUBJECTS),
        **fields,
    )


def plan(child, *, category: str = "neglect", started_on, ended_on=None, **fields):
    from cases.models import ChildProtectionPlan

    return ChildProtectionPlan.framework_objects.create(
        authority=child.authority,
        child=child,
        category=category,
        started_on=started_on,
        ended_on=ended_on,
        **fields,
    )


def held_conference(family, day: datetime.date, *, kind: str = "initial", children=None):
    return ConferenceFactory(
        family=family,
        kind=kind,
        status="held",
        held_on=day,
        starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON),
        children=children if children is not None else [ChildFactory(family=family)],
    )


def core_group_meetings(
    authority, agency, statuses_by_day: dict[datetime.date, str | None], *, family=None
) -> None:
    """One family's core group with a member from `agency`; a meeting per day, held with the member's
    attendance as given (None: booked, never held). The family is a new one unless given."""
    from coregroups.models import (
        CoreGroup,
        CoreGroupAttendance,
        CoreGroupMeeting,
        CoreGroupMember,
        CoreGroupMinutes,
    )

    _, worker = team(authority, "Core")
    group = CoreGroup.objects.create(authority=authority, family=family or family_of(worker, "Core family"))
    member = CoreGroupMember.objects.create(
        authority=authority, core_group=group, agency=agency, name="PC Dale", role_label="Police officer"
    )
    for day, status in statuses_by_day.items():
        meeting = CoreGroupMeeting.objects.create(
            authority=authority,
            core_group=group,
            scheduled_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON),
            held_on=day if status else None,
        )
        if status:
            minutes = CoreGroupMinutes.objects.create(
                authority=authority, meeting=meeting, recorded_by=worker
            )
            CoreGroupAttendance.objects.create(
                authority=authority, minutes=minutes, member=member, name=member.name, status=status
            )
