"""Each role's work on their home page: what is waiting for them today, read in a few queries.

A chair sees the conferences they chair from today on and the requests waiting for their decision;
a social worker their cases' open deadlines, nearest first; an agency practitioner the conferences
they are invited to here (and a link to every authority's); a manager the overdue and due-today
deadlines and the escalations open at their rung. Answers `authorities.hooks.home_panels`, which
the home page (in the lowest app) asks without importing the apps whose data it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.db.models import Count, Q

from authorities.access import DASHBOARD_READERS
from authorities.models import Membership, Role
from cases.models import Family
from cases.selectors import today_for
from conferences.models import (
    Conference,
    ConferenceStatus,
    Invitation,
    ObserverRequest,
    ProfessionalSlotRequest,
    RequestDecision,
)
from reports.selectors import invitation_rows
from scheduling.families import attach_families
from scheduling.models import Deadline, Escalation

LIST_LENGTH = 8


@dataclass
class Panel:
    template: str
    title: str
    rows: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def home_panels(*, membership: Membership, today: date) -> list[Panel]:
    role = membership.role
    panels: list[Panel] = []
    if role == Role.CHAIR:
        panels += _chair(membership, today)
    if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        panels.append(_nearest_deadlines(membership, today))
    if role == Role.PRACTITIONER:
        panels.append(_invitations(membership, today))
    if role in DASHBOARD_READERS:
        panels.append(_manager(membership, today))
    return panels


def _chair(membership: Membership, today: date) -> list[Panel]:
    conferences = list(
        Conference.objects.for_authority(membership.authority)
        .filter(chair=membership, starts_at__date__gte=today)
        .exclude(status__in=(ConferenceStatus.CANCELLED, ConferenceStatus.HELD))
        .select_related("family", "venue")
        .order_by("starts_at")[:LIST_LENGTH]
    )
    waiting = Q(
        conference__chair=membership, decision=RequestDecision.PENDING, conference__starts_at__date__gte=today
    )
    requests = [
        *ProfessionalSlotRequest.objects.for_authority(membership.authority)
        .filter(waiting)
        .select_related("conference__family", "requested_by__user", "requested_by__agency"),
        *ObserverRequest.objects.for_authority(membership.authority)
        .filter(waiting)
        .select_related("conference__family", "requested_by__user", "requested_by__agency"),
    ]
    requests.sort(key=lambda r: r.requested_at)
    return [
        Panel("home/_chair_conferences.html", "Conferences you chair", conferences, {"today": today}),
        Panel("home/_chair_requests.html", "Waiting for your decision", requests),
    ]


def _nearest_deadlines(membership: Membership, today: date) -> Panel:
    mine = Q(social_worker=membership)
    if membership.role == Role.TEAM_MANAGER:
        mine |= Q(social_worker__team_manager=membership)
    families = Family.objects.for_authority(membership.authority)
    deadlines = attach_families(
        Deadline.objects.for_authority(membership.authority)
        .open()
        .filter(family_id__in=families.filter(mine).values("pk"))
        .order_by("due_on", "pk")[:LIST_LENGTH],
        families=families,
    )
    day = today_for(membership.authority, today)
    title = (
        "Your team's cases: nearest deadlines"
        if membership.role == Role.TEAM_MANAGER
        else ("Your cases: nearest deadlines")
    )
    return Panel("home/_deadlines.html", title, [day.view(d) for d in deadlines])


def _invitations(membership: Membership, today: date) -> Panel:
    invitations = list(
        Invitation.objects.for_authority(membership.authority)
        .filter(membership=membership, conference__starts_at__date__gte=today)
        .exclude(conference__status=ConferenceStatus.CANCELLED)
        .select_related("conference__family", "conference__venue", "agency")
        .order_by("conference__starts_at")[:LIST_LENGTH]
    )
    others = sum(1 for m in Membership.objects.of_user(membership.user) if m.pk != membership.pk)
    return Panel(
        "home/_invitations.html",
        "Conferences you are invited to here",
        invitation_rows(invitations, today=today),
        {"other_authorities": others},
    )


def _manager(membership: Membership, today: date) -> Panel:
    deadlines = Deadline.objects.for_authority(membership.authority).open()
    counts = deadlines.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), due_today=Count("pk", filter=Q(due_on=today))
    )
    # Each escalation keeps the roles of the rung it stands at; matched here rather than in SQL
    # because JSON containment does not run on SQLite (the embedded default). Oldest first, a few.
    unresolved = (
        Escalation.objects.for_authority(membership.authority).unresolved().order_by("respond_by", "pk")
    )
    mine = (escalation for escalation in unresolved if membership.role in escalation.roles)
    escalations = attach_families(islice(mine, LIST_LENGTH))
    return Panel(
        "home/_manager.html", "Overdue, due today and escalated", escalations, {**counts, "today": today}
    )
