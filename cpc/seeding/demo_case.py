"""Demo case for every authority: one family with two children and two parents, a strategy
discussion that started section 47 enquiries on a recent working day, and an initial conference
inside ICPC-15WD with the demo chair, health visitor and teacher invited. Built through the
services, so the deadlines and invitation e-mails are real. Fictional people only; safe to run twice."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from authorities.models import Authority, Membership, Venue
from cases import services
from cases.models import Child, Family, Person, RelationshipKind
from conferences.preparation import services as scheduling
from scheduling.calendars import calendar_for

DEMO_REFERENCE = "DEMO-0001"


def demo_members(authority: Authority, email_domain: str) -> dict[str, Membership]:
    """The demo logins of one authority by the local part of their address ("chair", "teacher")."""
    return {
        m.user.email.split("@")[0]: m
        for m in Membership.objects.for_authority(authority)
        .select_related("user")
        .filter(user__email__endswith=f"@{email_domain}")
    }


def _rivers_family(social_worker: Membership, today: date) -> tuple[Family, tuple[Child, Child], Person]:
    """The family, its two children, and their mother and father with parental responsibility."""
    family = services.create_family(
        by=social_worker, name="Rivers family", reference=DEMO_REFERENCE, address="12 Orchard Row"
    )
    maya = services.add_child(
        by=social_worker,
        family_id=family.pk,
        details=services.ChildDetails(
            first_name="Maya",
            last_name="Rivers",
            date_of_birth=today.replace(year=today.year - 6, day=1),
            gender="female",
            first_language="English",
        ),
    )
    leo = services.add_child(
        by=social_worker,
        family_id=family.pk,
        details=services.ChildDetails(
            first_name="Leo",
            last_name="Rivers",
            date_of_birth=today.replace(year=today.year - 2, day=1),
            gender="male",
            first_language="English",
        ),
    )
    for first, last, kind in (
        ("Jade", "Rivers", RelationshipKind.MOTHER),
        ("Tom", "Hollis", RelationshipKind.FATHER),
    ):
        person = services.add_person(
            by=social_worker,
            family_id=family.pk,
            details=services.PersonDetails(first_name=first, last_name=last, address="12 Orchard Row"),
            relationships=[
                services.RelationshipDetails(child_id=c.pk, kind=kind, parental_responsibility=True)
                for c in (maya, leo)
            ],
        )
        if kind == RelationshipKind.MOTHER:
            mother = person
    return family, (maya, leo), mother


def seed_demo_case(authority: Authority, *, email_domain: str) -> Family | None:
    existing = Family.objects.for_authority(authority).filter(reference=DEMO_REFERENCE).first()
    if existing is not None:
        return existing
    members = demo_members(authority, email_domain)
    social_worker, chair = members.get("social.worker"), members.get("chair")
    if social_worker is None or chair is None:
        return None
    today = timezone.localdate()
    calendar = calendar_for(authority)
    family, children, mother = _rivers_family(social_worker, today)
    maya, leo = children
    discussion = services.record_strategy_discussion(
        by=social_worker,
        family_id=family.pk,
        held_on=calendar.subtract_working_days(today, 2),
        attendees="Social worker, police, health visitor, school designated safeguarding lead",
        outcome="Concerns about neglect and domestic abuse; section 47 enquiries to start.",
        section47_started=True,
        child_ids=[maya.pk, leo.pk],
    )
    day = calendar.add_working_days(today, 5)
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    conference = scheduling.schedule_conference(
        by=social_worker,
        family_id=family.pk,
        kind="initial",
        starts_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
        chair_id=chair.pk,
        venue_id=venue.pk if venue else None,
        virtual_link="" if venue else "https://meet.example.test/rivers",
        strategy_discussion_id=discussion.pk,
    )
    for local in ("health.visitor", "teacher"):
        if local in members:
            scheduling.invite_professional(
                by=social_worker, conference_id=conference.pk, membership_id=members[local].pk
            )
    scheduling.invite_family_member(
        by=social_worker,
        conference_id=conference.pk,
        person_id=mother.pk,
        invited_by="letter",
        invited_on=today,
    )
    return family
