"""Shared set-up for the live conference tests: a conference in the room with its chair, social
worker and professionals from several agencies (imported as tests.conferences.live_helpers)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from authorities.models import Authority, Role
from conferences.live import services as live
from conferences.models import Attendance, Conference, FamilyNeeds, Invitation, ParentView
from tests.factories import (
    AgencyFactory,
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
    PersonFactory,
)

RECORDED_LATER = "Recorded after the day it was held"


def today_at(hour: int = 10) -> datetime.datetime:
    """A time on today's date (the clock's), as the conference's booked start."""
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour)))


def prepare(conference: Conference, children) -> None:
    """Everything the checklist asks for before the day: the family invited, each child's
    participation, the social worker's report shared, the pre-meeting, separate arrangements,
    the family's needs, and the parent's views."""
    authority = conference.authority
    now = timezone.now()
    parent = PersonFactory(family=conference.family)
    InvitationFactory(
        conference=conference,
        kind="parent",
        membership=None,
        person=parent,
        name=str(parent),
        invited_by="letter",
        invited_at=now,
    )
    for child in children:
        InvitationFactory(
            conference=conference,
            kind="child",
            membership=None,
            child=child,
            name=str(child),
            views_route="social_worker",
        )
    conference.sw_report_shared_family_on = conference.sw_report_shared_professionals_on = (
        conference.booked_day
    )
    conference.pre_meeting_on = conference.booked_day
    conference.separate_attendance = "None needed"
    conference.save()
    FamilyNeeds.objects.create(authority=authority, conference=conference, interpreter="None needed")
    ParentView.objects.create(
        authority=authority,
        conference=conference,
        person=parent,
        name=str(parent),
        given="before",
        format="written",
        views="We want to keep the children at home.",
        recorded_by=conference.social_worker,
    )


def start(conference: Conference, chair, **kwargs) -> Conference:
    """Start on the booked day, or (booked for a day gone by) as held on that day; a room booked for
    a day to come needs the clock moved there first (`clock.day = ...`)."""
    booked, today = conference.booked_day, timezone.localdate()
    assert booked <= today, f"booked for {booked}: set clock.day to it before making the room"
    if booked < today:
        kwargs.setdefault("held_day", booked)
        kwargs.setdefault("held_reason", RECORDED_LATER)
    return live.start_conference(conference_id=conference.pk, by=chair, **kwargs)


@dataclass
class Room:
    conference: Conference
    chair: object
    professionals: list[Invitation]
    social_worker_invitation: Invitation
    children: list = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.conference.pk

    def refresh(self) -> Conference:
        self.conference = Conference.objects.for_authority(self.conference.authority).get(pk=self.pk)
        return self.conference


def make_room(
    authority: Authority,
    *,
    children: int = 2,
    agencies: int = 2,
    present: bool = True,
    kind: str = "initial",
    prepared: bool = True,
    **conference_kwargs,
) -> Room:
    """A conference in progress, booked for today unless `starts_at` says otherwise (a day gone by
    is started as held on that day), with everything before the day recorded unless `prepared` is off."""
    conference_kwargs.setdefault("starts_at", today_at())
    family = FamilyFactory(authority=authority)
    kids = [ChildFactory(family=family) for _ in range(children)]
    conference = ConferenceFactory(family=family, children=kids, kind=kind, **conference_kwargs)
    professionals = []
    for n in range(agencies):
        agency = AgencyFactory(authority=authority, name=f"{authority.name} agency {n} {conference.pk}")
        member = MembershipFactory(authority=authority, role=Role.PRACTITIONER, agency=agency)
        professionals.append(InvitationFactory(conference=conference, membership=member))
    chair = conference.chair
    if prepared:
        prepare(conference, kids)
    start(conference, chair)
    sw = conference.invitations.get(membership=conference.social_worker)
    room = Room(
        conference=conference,
        chair=chair,
        professionals=professionals,
        social_worker_invitation=sw,
        children=kids,
    )
    if present:
        for invitation in [sw, *professionals]:
            live.record_attendance(
                conference_id=conference.pk,
                invitation_id=invitation.pk,
                attendance=Attendance.PRESENT,
                by=chair,
            )
    room.refresh()
    return room


def everyone(room: Room) -> list[Invitation]:
    return [room.social_worker_invitation, *room.professionals]


def give_opinions(room: Room, child, answers, *, scores=None, category="neglect") -> None:
    """answers: one per person in everyone(room): True, False or None (abstain)."""
    scores = scores or [None] * len(answers)
    for invitation, answer, score in zip(everyone(room), answers, scores, strict=False):
        live.record_opinion(
            conference_id=room.pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=answer,
            reasons="Worried about home conditions" if answer else "",
            category=category if answer else "",
            score=score,
            by=room.chair,
        )
