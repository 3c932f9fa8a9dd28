"""A plan's life in the demo, so the pages after a conference can be reached without running one:
the Ashworth family's initial conference was held five weeks ago and gave the child a child
protection plan (outline actions with owners); its core group has held its first meeting (minutes
recorded and circulated) and booked the next one, and the review conference is booked.

Everything goes through the services the pages use: booking, preparation and invitations take the
moment they are done (`now`, `invited_on`), and the conference is started as held on its booked day,
so the rule set in force on that day decides what must be recorded. Safe to repeat: the family is
made once, by its reference, and nothing is added once it exists."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from authorities.models import Authority, Membership, Venue
from cases import services as cases
from cases.models import Child, Family, Person, RelationshipKind
from conferences.live import services as live
from conferences.models import Attendance, Conference, Invitation, InviteeKind
from conferences.preparation import records
from conferences.preparation import services as preparation
from coregroups import services as coregroups
from coregroups.circulation import circulate_minutes
from coregroups.models import AttendanceStatus, CoreGroup, CoreGroupMeeting
from scheduling.calendars import calendar_for

PLAN_REFERENCE = "DEMO-0004"
HELD_REASON = "Demo data: recorded after the day it was held"
LONDON_TEN = time(10, 0)


def _at(day: date, hour: time = LONDON_TEN) -> datetime:
    return timezone.make_aware(datetime.combine(day, hour))


def seed_plan_life(authority: Authority, members: dict[str, Membership]) -> Family | None:
    social_worker, chair = members.get("social.worker"), members.get("chair")
    if social_worker is None or chair is None:
        return None
    existing = Family.objects.for_authority(authority).filter(reference=PLAN_REFERENCE).first()
    if existing is not None:
        return existing
    calendar = calendar_for(authority)
    today = timezone.localdate()
    discussed = calendar.subtract_working_days(today, 35)
    family, child, mother = _ashworth_family(social_worker, today)
    conference = _booked_initial(authority, members, family, child, mother, discussed)
    _hold_with_plan(conference, members, child, mother)
    _first_core_group(authority, conference, members)
    _book_review(authority, conference, members)
    return family


def _ashworth_family(social_worker: Membership, today: date) -> tuple[Family, Child, Person]:
    family = cases.create_family(
        by=social_worker, name="Ashworth family", reference=PLAN_REFERENCE, address="7 Canal Street"
    )
    child = cases.add_child(
        by=social_worker,
        family_id=family.pk,
        details=cases.ChildDetails(
            first_name="Ruby",
            last_name="Ashworth",
            date_of_birth=today.replace(year=today.year - 7, day=1),
            gender="female",
            first_language="English",
        ),
    )
    mother = cases.add_person(
        by=social_worker,
        family_id=family.pk,
        details=cases.PersonDetails(first_name="Kerry", last_name="Ashworth", address="7 Canal Street"),
        relationships=[
            cases.RelationshipDetails(
                child_id=child.pk, kind=RelationshipKind.MOTHER, parental_responsibility=True
            )
        ],
    )
    return family, child, mother


def _booked_initial(
    authority: Authority,
    members: dict[str, Membership],
    family: Family,
    child: Child,
    mother: Person,
    discussed: date,
) -> Conference:
    """Booked the day after the strategy discussion, prepared before its day, as the pages would."""
    social_worker, chair = members["social.worker"], members["chair"]
    calendar = calendar_for(authority)
    discussion = cases.record_strategy_discussion(
        by=social_worker,
        family_id=family.pk,
        held_on=discussed,
        attendees="Social worker, police, school designated safeguarding lead",
        outcome="Ruby left alone at home for long periods; section 47 enquiries to start.",
        section47_started=True,
        child_ids=[child.pk],
    )
    booked_on = calendar.add_working_days(discussed, 1)
    day = calendar.add_working_days(discussed, 10)
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    conference = preparation.schedule_conference(
        by=social_worker,
        family_id=family.pk,
        kind="initial",
        starts_at=_at(day),
        chair_id=chair.pk,
        venue_id=venue.pk if venue else None,
        virtual_link="" if venue else "https://meet.example.test/ashworth",
        strategy_discussion_id=discussion.pk,
        now=_at(booked_on, time(9, 0)),
    )
    for local in ("health.visitor", "teacher"):
        if local in members:
            preparation.invite_professional(
                by=social_worker,
                conference_id=conference.pk,
                membership_id=members[local].pk,
                now=_at(booked_on, time(9, 30)),
            )
    preparation.invite_family_member(
        by=social_worker,
        conference_id=conference.pk,
        person_id=mother.pk,
        invited_by="letter",
        invited_on=booked_on,
    )
    preparation.invite_child(
        by=social_worker,
        conference_id=conference.pk,
        child_id=child.pk,
        views_route="social_worker",
        wishes_to_attend=False,
        now=_at(booked_on, time(9, 30)),
    )
    _prepare(conference, members, calendar.subtract_working_days(day, 3))
    return conference


def _prepare(conference: Conference, members: dict[str, Membership], shared_on: date) -> None:
    social_worker, chair = members["social.worker"], members["chair"]
    records.record_family_needs(
        by=social_worker,
        conference_id=conference.pk,
        interpreter="None needed",
        social_worker_met_family_on=shared_on,
        written_information_given_on=shared_on,
    )
    records.record_separate_arrangements(
        by=social_worker, conference_id=conference.pk, arrangements="None needed"
    )
    records.record_sw_report(
        by=social_worker,
        conference_id=conference.pk,
        sw_report="Ruby is often left alone after school; her mother works nights and has no support.",
        draft_plan="Childcare after school; mother to accept a family support worker.",
        shared_professionals_on=shared_on,
        shared_family_on=shared_on,
    )
    records.record_pre_meeting(
        by=chair, conference_id=conference.pk, held_on=shared_on, notes="Met Kerry at home."
    )


def _hold_with_plan(
    conference: Conference, members: dict[str, Membership], child: Child, mother: Person
) -> None:
    """The chair runs the conference: everyone present, their opinions, a plan under neglect with
    its outline, the next dates and the core group, then closes it as held."""
    chair, pk = members["chair"], conference.pk
    live.start_conference(conference_id=pk, by=chair, held_day=conference.booked_day, held_reason=HELD_REASON)
    live.record_parent_views(
        conference_id=pk,
        person_id=mother.pk,
        views="I want Ruby to stay at home and I will accept help after school.",
        given="before",
        format="written",
        by=chair,
    )
    professionals = list(
        Invitation.objects.for_authority(conference.authority).filter(
            conference=conference, kind=InviteeKind.PROFESSIONAL
        )
    )
    for invitation in professionals:
        live.record_attendance(
            conference_id=pk, invitation_id=invitation.pk, attendance=Attendance.PRESENT, by=chair
        )
    for invitation in professionals:
        live.record_opinion(
            conference_id=pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=True,
            reasons="Ruby is left without supervision for long periods",
            category="neglect",
            by=chair,
        )
    live.record_decision(conference_id=pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=chair)
    _outline_plan(conference, chair)
    _next_dates(conference, chair, professionals, mother)
    live.hold_conference(conference_id=pk, by=chair, reason=HELD_REASON)


def _outline_plan(conference: Conference, chair: Membership) -> None:
    pk, day = conference.pk, conference.day
    danger = live.add_plan_item(
        conference_id=pk, kind="danger", text="Ruby is left alone at home after school", by=chair
    )
    live.add_plan_item(
        conference_id=pk, kind="safety_goal", text="An adult cares for Ruby every evening", by=chair
    )
    live.add_plan_item(
        conference_id=pk,
        kind="outcome",
        text="Ruby is looked after by a known adult",
        indicators="School and childminder report who collects her",
        collected_by="Social worker",
        by=chair,
    )
    for text, owner, days in (
        ("Arrange after-school childcare", "Social worker", 14),
        ("Check in with Ruby each week at school", "Class teacher", 7),
        ("Offer Kerry a family support worker", "Health visitor", 21),
    ):
        live.add_plan_item(
            conference_id=pk,
            kind="action",
            text=text,
            owner_name=owner,
            due_on=day + timedelta(days=days),
            answers_id=danger.pk,
            by=chair,
        )
    if conference.rule_set_in_force().is_on("CG-SEE-CHILD"):
        live.add_plan_item(
            conference_id=pk,
            kind="contact",
            text="Social worker visits Ruby at home",
            frequency="weekly",
            by=chair,
        )
    live.record_plan(
        conference_id=pk,
        contingency="Ruby stays with her aunt if no adult is at home",
        bottom_lines="Ruby is never left alone overnight",
        resource_plan_review="Every 3 months",
        safety_plan_review="Every 2 weeks",
        expected_version=0,
        by=chair,
    )


def _next_dates(
    conference: Conference, chair: Membership, professionals: list[Invitation], mother: Person
) -> None:
    pk = conference.pk
    proposal = live.propose_next_dates(Conference.objects.for_authority(conference.authority).get(pk=pk))
    first_core_group = calendar_for(conference.authority).subtract_working_days(proposal.core_group_due, 1)
    live.book_next_dates(
        conference_id=pk,
        next_review_on=proposal.review_due,
        first_core_group_at=_at(first_core_group),
        by=chair,
    )
    live.name_core_group_members(
        conference_id=pk, invitation_ids=[i.pk for i in professionals], person_ids=[mother.pk], by=chair
    )
    current = Conference.objects.for_authority(conference.authority).get(pk=pk)
    live.record_outcome_teller(
        conference_id=pk, name="The social worker, after school", expected_version=current.version, by=chair
    )


def _first_core_group(authority: Authority, conference: Conference, members: dict[str, Membership]) -> None:
    """The first meeting held with its minutes circulated, and the next booked on a working day to come."""
    social_worker = members["social.worker"]
    group = CoreGroup.objects.for_authority(authority).get(family=conference.family)
    meeting = CoreGroupMeeting.objects.for_authority(authority).get(core_group=group)
    held_at = meeting.scheduled_at
    calendar = calendar_for(authority)
    next_day = calendar.add_working_days(timezone.localdate(), 3)
    items = coregroups.current_plan_items(group)
    minutes = coregroups.MinutesIn(
        held_at=held_at,
        venue_note="Family home",
        purpose="Turn the outline plan into the detailed plan and check the first actions",
        attendance=[coregroups.AttendanceIn(m.pk, AttendanceStatus.ATTENDED) for m in group.members.all()],
        chaired_by=social_worker.user.display_name,
        minutes_by="Kit Lawson, business support",
        progress=[
            coregroups.ProgressIn(i.pk, "Started; childminder found for three evenings", "agreed")
            for i in items
        ],
        no_plan_changes=True,
        child_voice="Ruby says she likes the childminder and wants her mum home in the evenings",
        summary="A good start; evenings without care remain on Thursdays and Fridays.",
        actions=[
            coregroups.ActionIn(
                "Find care for Thursday and Friday evenings",
                owner_name="Social worker",
                due_on=timezone.localdate(held_at) + timedelta(days=14),
            )
        ],
        action_points_checked=True,
        next_meeting_at=_at(next_day),
        next_venue_note="Family home",
    )
    coregroups.record_meeting_held(meeting_id=meeting.pk, by=social_worker, minutes=minutes)
    circulate_minutes(by=social_worker, meeting_id=meeting.pk)


def _book_review(authority: Authority, conference: Conference, members: dict[str, Membership]) -> None:
    held = Conference.objects.for_authority(authority).get(pk=conference.pk)
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    preparation.schedule_review(
        by=members["social.worker"],
        family_id=held.family_id,
        starts_at=_at(held.next_review_on),
        chair_id=members["chair"].pk,
        venue_id=venue.pk if venue else None,
        virtual_link="" if venue else "https://meet.example.test/ashworth",
    )
