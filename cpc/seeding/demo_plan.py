"""A plan's life in the demo, so the pages after a conference can be reached without running one:
the Ashworth family's initial conference was held five weeks ago and gave the child a child
protection plan (outline actions with owners); its core group has held its first meeting (minutes
recorded and circulated) and booked the next one, and the review conference is booked.

Everything goes through the services the pages use: booking, preparation and invitations take the
moment they are done (`now`, `invited_on`), and the conference is started as held on its booked day,
so the rule set in force on that day decides what must be recorded. Safe to repeat: the family is
made once, by its reference, and nothing is added once it exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from authorities.models import Authority, Membership, Venue
from cases import services as cases
from cases.models import Child, ChildProtectionPlan, Family, Person, RelationshipKind
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


def at(day: date, hour: time = LONDON_TEN) -> datetime:
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
    home = new_household(social_worker, "Ashworth", PLAN_REFERENCE, ("Ruby", "Kerry"), "7 Canal Street")
    conference = book_initial(authority, members, home, discussed)
    hold_with_plan(conference, members, home)
    group = CoreGroup.objects.for_authority(authority).get(family=home.family)
    next_day = calendar.add_working_days(today, 3)
    hold_core_group_meeting(
        group,
        social_worker,
        home,
        next_at=at(next_day),
        plan_change="Add an action: the childminder collects Ruby on Thursdays and Fridays too.",
    )
    _book_review(authority, conference, members)
    return home.family


@dataclass(frozen=True)
class Household:
    family: Family
    child: Child
    mother: Person


def new_household(
    social_worker: Membership, surname: str, reference: str, names: tuple[str, str], address: str
) -> Household:
    """A family with one child of seven and her mother, who has parental responsibility."""
    today = timezone.localdate()
    family = cases.create_family(
        by=social_worker, name=f"{surname} family", reference=reference, address=address
    )
    child = cases.add_child(
        by=social_worker,
        family_id=family.pk,
        details=cases.ChildDetails(
            first_name=names[0],
            last_name=surname,
            date_of_birth=today.replace(year=today.year - 7, day=1),
            gender="unknown",
            first_language="English",
        ),
    )
    mother = cases.add_person(
        by=social_worker,
        family_id=family.pk,
        details=cases.PersonDetails(first_name=names[1], last_name=surname, address=address),
        relationships=[
            cases.RelationshipDetails(
                child_id=child.pk, kind=RelationshipKind.MOTHER, parental_responsibility=True
            )
        ],
    )
    return Household(family, child, mother)


def book_initial(
    authority: Authority, members: dict[str, Membership], home: Household, discussed: date
) -> Conference:
    """Booked the day after the strategy discussion, prepared before its day, as the pages would."""
    social_worker = members["social.worker"]
    family, child = home.family, home.child
    calendar = calendar_for(authority)
    discussion = cases.record_strategy_discussion(
        by=social_worker,
        family_id=family.pk,
        held_on=discussed,
        attendees="Social worker, police, school designated safeguarding lead",
        outcome=f"{child.first_name} left alone at home for long periods; section 47 enquiries to start.",
        section47_started=True,
        child_ids=[child.pk],
    )
    booked_on = calendar.add_working_days(discussed, 1)
    day = calendar.add_working_days(discussed, 10)
    conference = preparation.schedule_conference(
        by=social_worker,
        family_id=family.pk,
        kind="initial",
        starts_at=at(day),
        strategy_discussion_id=discussion.pk,
        now=at(booked_on, time(9, 0)),
        **conference_place(authority, members),
    )
    prepare(conference, members, home, booked_on)
    return conference


def conference_place(authority: Authority, members: dict[str, Membership]) -> dict:
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    return {
        "chair_id": members["chair"].pk,
        "venue_id": venue.pk if venue else None,
        "virtual_link": "" if venue else "https://meet.example.test/demo",
    }


def prepare(conference: Conference, members: dict[str, Membership], home: Household, booked_on: date) -> None:
    """The invitations sent the day it was booked; the family's needs, the report and the chair's
    meeting with the parent recorded three working days before the conference."""
    social_worker = members["social.worker"]
    calendar = calendar_for(conference.authority)
    for local in ("health.visitor", "teacher"):
        if local in members:
            preparation.invite_professional(
                by=social_worker,
                conference_id=conference.pk,
                membership_id=members[local].pk,
                now=at(booked_on, time(9, 30)),
            )
    preparation.invite_family_member(
        by=social_worker,
        conference_id=conference.pk,
        person_id=home.mother.pk,
        invited_by="letter",
        invited_on=booked_on,
    )
    preparation.invite_child(
        by=social_worker,
        conference_id=conference.pk,
        child_id=home.child.pk,
        views_route="social_worker",
        wishes_to_attend=False,
        now=at(booked_on, time(9, 30)),
    )
    shared_on = calendar.subtract_working_days(conference.booked_day, 3)
    name, parent = home.child.first_name, home.mother.first_name
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
        sw_report=f"{name} is often left alone after school; {parent} works nights and has no support.",
        draft_plan="Childcare after school; mother to accept a family support worker.",
        shared_professionals_on=shared_on,
        shared_family_on=shared_on,
    )
    records.record_pre_meeting(
        by=members["chair"], conference_id=conference.pk, held_on=shared_on, notes=f"Met {parent} at home."
    )


def start_in_the_room(
    conference: Conference, members: dict[str, Membership], home: Household
) -> list[Invitation]:
    """Started as held on its booked day, the parent's views heard, every professional present;
    returns the professionals' invitations."""
    chair, pk = members["chair"], conference.pk
    live.start_conference(conference_id=pk, by=chair, held_day=conference.booked_day, held_reason=HELD_REASON)
    live.record_parent_views(
        conference_id=pk,
        person_id=home.mother.pk,
        views=f"I want {home.child.first_name} to stay at home and I will accept help after school.",
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
    return professionals


def hold_with_plan(conference: Conference, members: dict[str, Membership], home: Household) -> None:
    """The chair runs the conference: a plan under neglect with its outline, the next dates and
    the core group, then closes it as held."""
    chair, pk, child = members["chair"], conference.pk, home.child
    professionals = start_in_the_room(conference, members, home)
    for invitation in professionals:
        live.record_opinion(
            conference_id=pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=True,
            reasons=f"{child.first_name} is left without supervision for long periods",
            category="neglect",
            by=chair,
        )
    live.record_decision(conference_id=pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=chair)
    outline_plan(conference, chair, child.first_name, home.mother.first_name)
    _next_dates(conference, chair, professionals, home.mother)
    live.hold_conference(conference_id=pk, by=chair, reason=HELD_REASON)


def outline_plan(conference: Conference, chair: Membership, name: str, parent: str) -> None:
    pk, day = conference.pk, conference.day
    danger = live.add_plan_item(
        conference_id=pk, kind="danger", text=f"{name} is left alone at home after school", by=chair
    )
    live.add_plan_item(
        conference_id=pk, kind="safety_goal", text=f"An adult cares for {name} every evening", by=chair
    )
    live.add_plan_item(
        conference_id=pk,
        kind="outcome",
        text=f"{name} is looked after by a known adult",
        indicators="School and childminder report who collects her",
        collected_by="Social worker",
        by=chair,
    )
    for text, owner, days in (
        ("Arrange after-school childcare", "Social worker", 14),
        (f"Check in with {name} each week at school", "Class teacher", 7),
        (f"Offer {parent} a family support worker", "Health visitor", 21),
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
            text=f"Social worker visits {name} at home",
            frequency="weekly",
            by=chair,
        )
    live.record_plan(
        conference_id=pk,
        contingency=f"{name} stays with an aunt if no adult is at home",
        bottom_lines=f"{name} is never left alone overnight",
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
        first_core_group_at=at(first_core_group),
        by=chair,
    )
    live.name_core_group_members(
        conference_id=pk, invitation_ids=[i.pk for i in professionals], person_ids=[mother.pk], by=chair
    )
    current = Conference.objects.for_authority(conference.authority).get(pk=pk)
    live.record_outcome_teller(
        conference_id=pk, name="The social worker, after school", expected_version=current.version, by=chair
    )


def hold_core_group_meeting(
    group: CoreGroup, social_worker: Membership, home: Household, *, next_at: datetime, plan_change: str = ""
) -> CoreGroupMeeting:
    """The group's booked meeting held on its day, its minutes recorded (with `plan_change` put to
    the review, PLAN-CHANGES) and circulated, and the next one booked for `next_at`."""
    meeting = (
        CoreGroupMeeting.objects.for_authority(group.authority_id)
        .filter(core_group=group, held_on__isnull=True, cancelled_at__isnull=True)
        .order_by("scheduled_at")
        .first()
    )
    held_at, name = meeting.scheduled_at, home.child.first_name
    minutes = coregroups.MinutesIn(
        held_at=held_at,
        venue_note="Family home",
        purpose="Check the plan's progress and agree the next actions",
        attendance=[coregroups.AttendanceIn(m.pk, AttendanceStatus.ATTENDED) for m in group.members.all()],
        chaired_by=social_worker.user.display_name,
        minutes_by="Kit Lawson, business support",
        progress=[
            coregroups.ProgressIn(i.pk, "Going well: a childminder covers most evenings", "agreed")
            for i in coregroups.current_plan_items(group)
        ],
        plan_changes=_plan_changes(home, plan_change),
        no_plan_changes=not plan_change,
        child_voice=f"{name} says she likes the childminder and wants her mum home in the evenings",
        summary="Progress is steady; the evenings without care are fewer each week.",
        actions=[
            coregroups.ActionIn(
                "Find care for the evenings still uncovered",
                owner_name="Social worker",
                due_on=timezone.localdate(held_at) + timedelta(days=14),
            )
        ],
        action_points_checked=True,
        next_meeting_at=next_at,
        next_venue_note="Family home",
    )
    coregroups.record_meeting_held(meeting_id=meeting.pk, by=social_worker, minutes=minutes)
    circulate_minutes(by=social_worker, meeting_id=meeting.pk)
    return meeting


def _plan_changes(home: Household, text: str) -> list[coregroups.PlanChangeIn]:
    if not text:
        return []
    plan = ChildProtectionPlan.objects.for_authority(home.family.authority_id).get(
        child=home.child, ended_on__isnull=True
    )
    return [coregroups.PlanChangeIn(plan.pk, text)]


def _book_review(authority: Authority, conference: Conference, members: dict[str, Membership]) -> None:
    held = Conference.objects.for_authority(authority).get(pk=conference.pk)
    venue = Venue.objects.for_authority(authority).filter(is_active=True).order_by("name").first()
    preparation.schedule_review(
        by=members["social.worker"],
        family_id=held.family_id,
        starts_at=at(held.next_review_on),
        chair_id=members["chair"].pk,
        venue_id=venue.pk if venue else None,
        virtual_link="" if venue else "https://meet.example.test/demo",
    )
