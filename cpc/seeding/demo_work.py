"""Work waiting for each demo role on first sign-in, relative to the day the seed runs:

- the police officer who works in two authorities is invited to the demo conference in each;
- the demo chair has a conference today (the Hollins family's review, moved to today if an earlier
  run booked it on another day);
- the demo team manager has an overdue initial conference deadline (the Okafor family's strategy
  discussion was 20 working days ago) and the escalation the deadline sweep raises for it.

Built through the services where they allow it. A conference today cannot always be booked
through them (booking refuses a time already past and a day that is not a working day, and the
seed must work on any day), so that one row is written directly, with its history. Safe to repeat.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Authority, Membership, Venue
from cases import services as cases
from cases.models import Child, Family, RelationshipKind
from conferences.models import Conference, ConferenceChild, ConferenceStatus, Invitation
from conferences.preparation import services as preparation
from scheduling.calendars import calendar_for
from scheduling.sweep import sweep_authority

TODAY_REFERENCE = "DEMO-0002"
OVERDUE_REFERENCE = "DEMO-0003"


def seed_role_work(
    authority: Authority,
    members: dict[str, Membership],
    *,
    demo_family: Family | None,
    shared: Membership | None,
) -> None:
    social_worker, chair = members.get("social.worker"), members.get("chair")
    if social_worker is None or chair is None:
        return
    if shared is not None and demo_family is not None:
        _invite_shared_practitioner(demo_family, social_worker, shared)
    _conference_today(authority, social_worker, chair)
    _overdue_with_escalation(authority, social_worker)


def _invite_shared_practitioner(family: Family, social_worker: Membership, shared: Membership) -> None:
    conference = (
        Conference.objects.for_authority(family.authority_id)
        .filter(family=family, status=ConferenceStatus.SCHEDULED)
        .order_by("starts_at")
        .first()
    )
    if conference is None or conference.starts_at <= timezone.now():
        return
    if (
        Invitation.objects.for_authority(family.authority_id)
        .filter(conference=conference, membership=shared)
        .exists()
    ):
        return
    preparation.invite_professional(by=social_worker, conference_id=conference.pk, membership_id=shared.pk)


def _family(authority: Authority, social_worker: Membership, reference: str, name: str, children: list[str]):
    family = Family.objects.for_authority(authority).filter(reference=reference).first()
    if family is not None:
        return family, False
    family = cases.create_family(by=social_worker, name=name, reference=reference, address="3 Mill Lane")
    today = timezone.localdate()
    surname = name.split()[0]
    kids = [
        cases.add_child(
            by=social_worker,
            family_id=family.pk,
            details=cases.ChildDetails(
                first_name=first,
                last_name=surname,
                date_of_birth=today.replace(year=today.year - age, day=1),
                gender="unknown",
            ),
        )
        for first, age in zip(children, (9, 4, 1), strict=False)
    ]
    cases.add_person(
        by=social_worker,
        family_id=family.pk,
        details=cases.PersonDetails(first_name="Sam", last_name=surname, address="3 Mill Lane"),
        relationships=[
            cases.RelationshipDetails(
                child_id=c.pk, kind=RelationshipKind.MOTHER, parental_responsibility=True
            )
            for c in kids
        ],
    )
    return family, True


def _conference_today(authority: Authority, social_worker: Membership, chair: Membership) -> None:
    family, _ = _family(authority, social_worker, TODAY_REFERENCE, "Hollins family", ["Ava", "Noah"])
    starts_at = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    conferences = Conference.objects.for_authority(authority).filter(family=family)
    if conferences.filter(starts_at=starts_at).exists():
        return
    conference = conferences.filter(status=ConferenceStatus.SCHEDULED, chair=chair).first()
    if conference is not None:
        conference.starts_at = starts_at
        save_with_history(
            conference, by=social_worker, reason="demo data: moved to today", update_fields=["starts_at"]
        )
        return
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    conference = Conference(
        authority=authority,
        family=family,
        kind="initial",
        starts_at=starts_at,
        venue=venue,
        virtual_link="" if venue else "https://meet.example.test/hollins",
        chair=chair,
        social_worker=social_worker,
        created_by=social_worker,
    )
    save_with_history(conference, by=social_worker, reason="demo data: a conference today")
    for child in Child.objects.for_authority(authority).filter(family=family):
        ConferenceChild.framework_objects.create(authority=authority, conference=conference, child=child)


def _overdue_with_escalation(authority: Authority, social_worker: Membership) -> None:
    family, created = _family(authority, social_worker, OVERDUE_REFERENCE, "Okafor family", ["Grace"])
    today = timezone.localdate()
    if created:
        cases.record_strategy_discussion(
            by=social_worker,
            family_id=family.pk,
            held_on=calendar_for(authority).subtract_working_days(today, 20),
            attendees="Social worker, police, school",
            outcome="Section 47 enquiries to start; no conference booked yet.",
            section47_started=True,
            child_ids=list(
                Child.objects.for_authority(authority).filter(family=family).values_list("pk", flat=True)
            ),
        )
    # The sweep marks the deadline overdue and raises its escalation (idempotent: once per level).
    sweep_authority(authority_id=authority.pk, today=today, report_reminders=False)
