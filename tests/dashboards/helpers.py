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
