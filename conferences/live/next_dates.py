"""NEXT-DATES: the next review and the first core group, asked of the core group app through the
conferences hooks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Membership, RuleSet, Venue
from authorities.refusals import refusal
from authorities.rules.checks import check_deadline, enforce
from authorities.rules.ids import RuleId
from cases.models import Person
from conferences import hooks
from conferences.models import (
    Conference,
    ConferenceKind,
)
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date

from .common import _conference


@dataclass(frozen=True)
class NextDatesProposal:
    core_group_rule: str | None
    core_group_due: date | None
    review_rule: str
    review_due: date


def review_rule_after(conference: Conference) -> str:
    """The next review counts RCPC1-3M from an initial conference, RCPCN-6M from a review."""
    return RuleId.RCPC1_3M if conference.kind == ConferenceKind.INITIAL else RuleId.RCPCN_6M


def propose_next_dates(conference: Conference, rule_set: RuleSet | None = None) -> NextDatesProposal:
    """NEXT-DATES, proposed from the rules with the engine: the first core group within CG1-10WD
    (initial conferences) and the next review within RCPC1-3M or RCPCN-6M of this conference."""
    rule_set = rule_set or conference.rule_set_in_force()
    calendar = calendar_for(conference.authority_id)
    held = conference.day
    review_rule = review_rule_after(conference)
    core_due = None
    if conference.kind == ConferenceKind.INITIAL:
        core_due = due_date(timescale_of(rule_set, RuleId.CG1_10WD), held, calendar)
    return NextDatesProposal(
        core_group_rule=RuleId.CG1_10WD if core_due else None,
        core_group_due=core_due,
        review_rule=review_rule,
        review_due=due_date(timescale_of(rule_set, review_rule), held, calendar),
    )


@transaction.atomic
def book_next_dates(
    *,
    conference_id: int,
    next_review_on: date,
    by: Membership,
    first_core_group_at: datetime | None = None,
    venue_id: int | None = None,
    reason: str = "",
    clash_reason: str = "",
) -> Conference:
    """NEXT-DATES in one step: the next review's date and (initial conferences) the first core
    group meeting, booked in the family's core group. A date beyond its timescale needs a reason
    where the deadline is required, and is only flagged where it is advised. A first core group
    booked over another meeting of the social worker or the venue needs `clash_reason`."""
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    proposal = propose_next_dates(conference, rules)
    _check_next_review(rules, proposal, held=conference.day, next_review_on=next_review_on, reason=reason)
    if proposal.core_group_rule:
        _check_first_core_group(rules, proposal, held=conference.day, at=first_core_group_at, reason=reason)
    venue = Venue.objects.for_authority(conference.authority).get(pk=venue_id) if venue_id else None
    if first_core_group_at is not None and proposal.core_group_rule:
        hooks.book_first_core_group(
            conference=conference,
            by=by,
            scheduled_at=first_core_group_at,
            venue=venue,
            reason=reason,
            clash_reason=clash_reason,
        )
        conference.first_core_group_at = first_core_group_at
        conference.first_core_group_venue = venue
    conference.next_review_on = next_review_on
    conference.version += 1
    save_with_history(
        conference,
        by=by,
        reason=reason or "next dates booked",
        update_fields=["next_review_on", "first_core_group_at", "first_core_group_venue", "version"],
    )
    return conference


def _check_next_review(
    rules: RuleSet, proposal: NextDatesProposal, *, held: date, next_review_on: date, reason: str
) -> None:
    if next_review_on <= held:
        raise refusal(
            "next_review_on", "The next review is after this conference", rule_id=proposal.review_rule
        )
    enforce(
        check_deadline(rules, proposal.review_rule, due=proposal.review_due, acted_on=next_review_on),
        reason=reason,
        field="next_review_on",
    )


def _check_first_core_group(
    rules: RuleSet, proposal: NextDatesProposal, *, held: date, at: datetime | None, reason: str
) -> None:
    """CG1-10WD: an initial conference books the first core group, after the day and in time."""
    if at is None:
        raise refusal("first_core_group_at", "Book the first core group", rule_id="CG1-10WD")
    core_day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    if core_day <= held:
        raise refusal(
            "first_core_group_at", "The first core group meets after the conference", rule_id="CG1-10WD"
        )
    enforce(
        check_deadline(rules, RuleId.CG1_10WD, due=proposal.core_group_due, acted_on=core_day),
        reason=reason,
        field="first_core_group_at",
    )


@transaction.atomic
def name_core_group_members(
    *,
    conference_id: int,
    by: Membership,
    invitation_ids: list[int] = (),
    person_ids: list[int] = (),
    other_names: list[tuple[str, str]] = (),
) -> list:
    """NEXT-DATES: the core group's members, named at the conference: invitees (with or without
    an account), family members (no accounts) and anyone else by name. Replaces the list. The
    core group app writes the rows."""
    conference = _conference(by, conference_id)
    invitations = list(conference.invitations.filter(pk__in=list(invitation_ids)).select_related("agency"))
    invited_people = {i.person_id for i in invitations if i.person_id}
    people = [
        person
        for person in Person.objects.for_authority(conference.authority).filter(
            pk__in=list(person_ids), family_id=conference.family_id
        )
        if person.pk not in invited_people
    ]
    others = [(name.strip(), role.strip()) for name, role in other_names if name.strip()]
    if not (invitations or people or others):
        raise refusal("members", "Name at least one core group member", rule_id="NEXT-DATES")
    return hooks.name_core_group_members(
        conference=conference, by=by, invitations=invitations, people=people, other_names=others
    )
