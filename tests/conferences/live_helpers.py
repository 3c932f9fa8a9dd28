"""Shared set-up for the live conference tests: a conference in the room with its chair, social
worker and professionals from several agencies (imported as tests.conferences.live_helpers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from authorities.models import Authority, Role
from conferences.live import services as live
from conferences.models import Attendance, Conference, Invitation
from tests.factories import (
    AgencyFactory,
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
)


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
    **conference_kwargs,
) -> Room:
    family = FamilyFactory(authority=authority)
    kids = [ChildFactory(family=family) for _ in range(children)]
    conference = ConferenceFactory(family=family, children=kids, kind=kind, **conference_kwargs)
    professionals = []
    for n in range(agencies):
        agency = AgencyFactory(authority=authority, name=f"{authority.name} agency {n} {conference.pk}")
        member = MembershipFactory(authority=authority, role=Role.PRACTITIONER, agency=agency)
        professionals.append(InvitationFactory(conference=conference, membership=member))
    chair = conference.chair
    live.start_conference(conference_id=conference.pk, by=chair)
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
