"""Helpers for the social worker's tests (cases and conference scheduling): a case with its
people, and dates counted in the authority's own working days so tests pass on any day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from authorities.models import Authority, Membership, Role, Venue
from cases import services as case_services
from cases.models import Child, Family, Person, RelationshipKind, StrategyDiscussion
from scheduling.calendars import calendar_for
from tests.factories import MembershipFactory


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_day(authority: Authority, n: int) -> date:
    """The n-th working day after today (n > 0) or before it (n < 0)."""
    calendar = calendar_for(authority)
    today = timezone.localdate()
    return calendar.add_working_days(today, n) if n >= 0 else calendar.subtract_working_days(today, -n)


@dataclass
class Case:
    authority: Authority
    social_worker: Membership
    team_manager: Membership
    chair: Membership
    family: Family
    children: list[Child]
    mother: Person
    venue: object

    def discussion(self, held_on: date | None = None, section47: bool = True) -> StrategyDiscussion:
        return case_services.record_strategy_discussion(
            by=self.social_worker,
            family_id=self.family.pk,
            held_on=held_on or working_day(self.authority, -1),
            attendees="Social worker, police",
            outcome="Section 47 enquiries start",
            section47_started=section47,
            child_ids=[c.pk for c in self.children],
        )


def make_case(authority: Authority, *, children: int = 2, name: str = "Smith family") -> Case:
    team_manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=team_manager)
    chair = MembershipFactory(authority=authority, role=Role.CHAIR)
    family = case_services.create_family(by=social_worker, name=name, reference="", address="1 High Street")
    kids = [
        case_services.add_child(
            by=social_worker,
            family_id=family.pk,
            details=case_services.ChildDetails(
                first_name=f"Child{i}", last_name="Smith", date_of_birth=date(2018 + i, 3, 1)
            ),
        )
        for i in range(children)
    ]
    mother = case_services.add_person(
        by=social_worker,
        family_id=family.pk,
        details=case_services.PersonDetails(first_name="Jo", last_name="Smith"),
        relationships=[
            case_services.RelationshipDetails(
                child_id=c.pk, kind=RelationshipKind.MOTHER, parental_responsibility=True
            )
            for c in kids
        ],
    )
    # A room of its own per case: cases booked at the same hour would otherwise double-book it.
    venue = Venue.framework_objects.create(
        authority=authority, name=f"{authority.name} Family Centre, room {family.pk}", address="2 Low Road"
    )
    return Case(authority, social_worker, team_manager, chair, family, kids, mother, venue)
