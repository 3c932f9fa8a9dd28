"""The core group deadlines, all through scheduling.services: CG1-10WD, CG-6WK, CG-2M, CG-MIN2
and the action points' OUTCOME rows."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from authorities.dates import local_day
from authorities.models import Membership, RuleSet
from authorities.rules.checks import check_deadline, enforce
from authorities.rules.ids import RuleId
from authorities.selectors import rule_set_in_force
from scheduling.engine import Timescale
from scheduling.models import Deadline
from scheduling.services import (
    deadline_for,
    meet_deadline,
    open_deadline,
    record_booking,
)

from .common import REVIEW_RULES
from .models import (
    CoreGroup,
    CoreGroupMeeting,
)


def held_meetings(group: CoreGroup) -> list[CoreGroupMeeting]:
    return list(
        CoreGroupMeeting.objects.for_authority(group.authority)
        .filter(core_group=group, held_on__isnull=False)
        .order_by("held_on", "scheduled_at", "pk")
    )


def _open(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.met_on is None and deadline.cancelled_at is None


def booking_target(group: CoreGroup) -> tuple[str, object] | None:
    """The open CG deadline the next booked meeting comes first for: CG1-10WD until the first
    meeting is held, then the earliest open CG-6WK / CG-2M of the last held meeting."""
    held = held_meetings(group)
    if not held:
        if group.set_up_at is None:
            return None
        return (RuleId.CG1_10WD, group.set_up_at)
    last = held[-1]
    candidates = [
        d
        for rule_id in (RuleId.CG_6WK, RuleId.CG_2M)
        if _open(d := deadline_for(authority=group.authority, rule_id=rule_id, subject=last))
    ]
    if not candidates:
        return None
    first = min(candidates, key=lambda d: d.due_on)
    return (first.rule_id, last)


def sync_booking(group: CoreGroup, *, by: Membership) -> None:
    """Tell the deadline the next meeting is for when (or that nothing is booked any more), so
    the sweep's "due soon, nothing booked" escalation stays quiet while a meeting is booked."""
    target = booking_target(group)
    if target is None:
        return
    today = timezone.localdate()
    upcoming = (
        CoreGroupMeeting.objects.for_authority(group.authority)
        .filter(core_group=group, held_on__isnull=True, cancelled_at__isnull=True)
        .order_by("scheduled_at", "pk")
    )
    # A booking whose day has passed without being recorded as held books nothing any more.
    next_meeting = next((m for m in upcoming if local_day(m.scheduled_at) >= today), None)
    rule_id, subject = target
    record_booking(
        authority=group.authority,
        rule_id=rule_id,
        subject=subject,
        booked_for=local_day(next_meeting.scheduled_at) if next_meeting else None,
        by=by,
    )


def _cycle_conference(group: CoreGroup, on: date):
    """The family's last held initial or review conference on or before `on` (a midway review
    does not reset the review cycle: MIDWAY-REVIEW)."""
    from conferences.models import Conference, ConferenceKind, ConferenceStatus

    return (
        Conference.objects.for_authority(group.authority)
        .filter(
            family_id=group.family_id,
            status=ConferenceStatus.HELD,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW),
            held_on__lte=on,
        )
        .order_by("-held_on", "-pk")
        .first()
    )


def _had_review(group: CoreGroup, on: date) -> bool:
    from conferences.models import Conference, ConferenceKind, ConferenceStatus

    return (
        Conference.objects.for_authority(group.authority)
        .filter(
            family_id=group.family_id,
            status=ConferenceStatus.HELD,
            kind=ConferenceKind.REVIEW,
            held_on__lte=on,
        )
        .exists()
    )


def min2_timescale(rules: RuleSet) -> Timescale:
    """CG-MIN2 states its timescale as `flag_working_days_before_review` (product default 10)."""
    values = rules.values(RuleId.CG_MIN2)
    return Timescale(
        unit="working_days", amount=int(values.get("flag_working_days_before_review", 10)), direction="before"
    )


def _ensure_min2(group: CoreGroup, *, by: Membership, on: date) -> Deadline | None:
    """Open CG-MIN2 for the cycle that `on` falls in, once: due N working days before that
    conference's review deadline. Returns the deadline (None when off or no review is due)."""
    conference = _cycle_conference(group, on)
    if conference is None:
        return None
    existing = deadline_for(authority=group.authority, rule_id=RuleId.CG_MIN2, subject=conference)
    if existing is not None:
        return existing
    review = (
        Deadline.objects.for_authority(group.authority)
        .for_subject(conference)
        .filter(rule_id__in=REVIEW_RULES, cancelled_at__isnull=True)
        .first()
    )
    if review is None:
        return None
    rules = rule_set_in_force(group.authority, on=conference.held_on)
    return open_deadline(
        authority=group.authority,
        rule_id=RuleId.CG_MIN2,
        subject=conference,
        event_on=review.due_on,
        label=f"Two core groups before the review for {group.family}",
        family_id=group.family_id,
        responsible=group.family.social_worker,
        rule_set=rules,
        timescale=min2_timescale(rules),
    )


def _meet(
    group: CoreGroup, deadline: Deadline, subject, rules: RuleSet, held_day: date, late_reason: str
) -> None:
    """Met by a meeting held on `held_day`; late under a required timescale needs a reason."""
    enforce(
        check_deadline(rules, deadline.rule_id, due=deadline.due_on, acted_on=held_day),
        reason=late_reason,
        field="late_reason",
    )
    meet_deadline(
        authority=group.authority,
        rule_id=deadline.rule_id,
        subject=subject,
        met_on=held_day,
        reason=late_reason.strip() if held_day > deadline.due_on else "",
    )


def _open_next_meeting_deadline(
    group: CoreGroup, meeting: CoreGroupMeeting, rule_id: str, label: str, rules: RuleSet
) -> None:
    """The timescale for the meeting after this one (CG-6WK, CG-2M), counted from the day it was held."""
    open_deadline(
        authority=group.authority,
        rule_id=rule_id,
        subject=meeting,
        event_on=meeting.held_on,
        label=label,
        family_id=group.family_id,
        responsible=group.family.social_worker,
        rule_set=rules,
    )


def _deadlines_after_held(
    group: CoreGroup, meeting: CoreGroupMeeting, *, rules: RuleSet, late_reason: str, by: Membership
) -> None:
    held_day = meeting.held_on
    held = held_meetings(group)
    position = next(i for i, m in enumerate(held) if m.pk == meeting.pk)
    authority = group.authority
    if position == 0:
        if group.set_up_at is not None:
            cg1 = deadline_for(authority=authority, rule_id=RuleId.CG1_10WD, subject=group.set_up_at)
            if _open(cg1):
                _meet(group, cg1, group.set_up_at, rules, held_day, late_reason)
        _open_next_meeting_deadline(
            group, meeting, RuleId.CG_6WK, f"Second core group for {group.family}", rules
        )
    else:
        previous = held[position - 1]
        for rule_id in (RuleId.CG_6WK, RuleId.CG_2M):
            deadline = deadline_for(authority=authority, rule_id=rule_id, subject=previous)
            if _open(deadline):
                _meet(group, deadline, previous, rules, held_day, late_reason)
    if _had_review(group, held_day):
        _open_next_meeting_deadline(
            group, meeting, RuleId.CG_2M, f"Next core group for {group.family}", rules
        )
    min2 = _ensure_min2(group, by=by, on=held_day)
    if _open(min2):
        conference = _cycle_conference(group, held_day)
        since = [m for m in held if m.held_on > conference.held_on]
        min_meetings = int(rules.values(RuleId.CG_MIN2).get("min_meetings", 2))
        if len(since) >= min_meetings:
            _meet(group, min2, conference, rules, held_day, late_reason)
