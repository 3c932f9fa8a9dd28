"""Scheduling, moving and cancelling a conference."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from authorities.history import stamp
from authorities.models import Membership, Mode, Role, RuleSet
from authorities.rules.ids import RuleId
from authorities.selectors import rule_set_in_force
from cases.models import Child, Family
from conferences import hooks
from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
)
from scheduling.calendars import calendar_for
from scheduling.clashes import check_clashes

from ..census_checks import check_icpc_after_section47
from ..report_deadlines import settle_report_deadlines
from .checks import (
    _chair,
    _check_statutory,
    _check_when,
    _open_conference_deadlines,
    _rule_reason,
    _send_after_commit,
    _venue,
    chair_independence,
    record_statutory_booking,
)
from .clashes import conference_slot
from .common import _conference, _must_be_scheduled, _refuse
from .statutory import StatutoryDate, icpc_date, last_real_conference, review_date, section47_discussions


def _children_for(authority, family: Family, child_ids: Iterable[int] | None) -> list[Child]:
    """The children the conference is for: all the family's, or the ones chosen (of this family only)."""
    family_children = Child.objects.for_authority(authority).filter(family=family)
    if child_ids is None:
        children = list(family_children)
    else:
        wanted = set(child_ids)
        children = list(family_children.filter(pk__in=wanted))
        if len(children) != len(wanted):
            raise ValidationError({"children": "Choose children of this family only."})
    if not children:
        raise ValidationError(
            {"children": "Add the children to the case, then choose who the conference is for."}
        )
    return children


def _what_it_follows(
    family: Family,
    kind: str,
    day: date,
    rule_set: RuleSet,
    strategy_discussion_id: int | None,
    rule_reasons: dict[str, str] | None,
    reasons: dict[str, str],
):
    """What the conference follows, and so its statutory date: an initial conference the strategy
    discussion that started section 47 enquiries (ICPC-15WD); a review the last held conference; a
    midway review needs MIDWAY-REVIEW on and a reason (added to `reasons`)."""
    discussion, previous, statutory = None, None, None
    if kind == ConferenceKind.INITIAL:
        discussions = section47_discussions(family)
        discussion = (
            discussions.filter(pk=strategy_discussion_id).first()
            if strategy_discussion_id
            else discussions.first()
        )
        if discussion is None:
            raise ValidationError(
                {
                    "strategy_discussion": "An initial conference follows a strategy discussion that started "
                    "section 47 enquiries: record it first (ICPC-15WD counts from it)."
                }
            )
        check_icpc_after_section47(discussion_held_on=discussion.held_on, day=day)
        statutory = icpc_date(discussion)
    else:
        previous = last_real_conference(family)
        if previous is None:
            raise ValidationError(
                {"kind": "A review follows a held initial or review conference; none is recorded."}
            )
        if day <= previous.day:
            raise ValidationError({"starts_at": "A review must be after the conference it follows."})
        if kind == ConferenceKind.REVIEW:
            statutory = review_date(previous)
        elif rule_set.mode(RuleId.MIDWAY_REVIEW) == Mode.OFF:
            raise _refuse(
                RuleId.MIDWAY_REVIEW, "midway reviews are switched off in this authority's rules", "kind"
            )
        elif not (rule_reasons or {}).get(RuleId.MIDWAY_REVIEW, "").strip():
            raise ValidationError({"midway_reason": "Say why the plan is not progressing (MIDWAY-REVIEW)."})
        else:
            reasons[RuleId.MIDWAY_REVIEW] = rule_reasons[RuleId.MIDWAY_REVIEW].strip()
    return discussion, previous, statutory


@transaction.atomic
def schedule_conference(
    *,
    by: Membership,
    family_id: int,
    kind: str,
    starts_at: datetime,
    chair_id: int,
    child_ids: Iterable[int] | None = None,
    venue_id: int | None = None,
    virtual_link: str = "",
    strategy_discussion_id: int | None = None,
    late_reason: str = "",
    rule_reasons: dict[str, str] | None = None,
    clash_reason: str = "",
    now: datetime | None = None,
) -> Conference:
    """Book a conference (initial, review or midway) for a family's children. Over another
    meeting of its chair, social worker or venue only with `clash_reason`."""
    authority = by.authority
    now = now or timezone.now()
    family = Family.objects.for_authority(authority).select_related("social_worker").get(pk=family_id)
    if kind not in ConferenceKind.values:
        raise ValidationError({"kind": "Choose an initial conference, a review or a midway review."})
    day = _check_when(by, starts_at, calendar_for(authority), now)
    rule_set = rule_set_in_force(authority, on=day)
    children = _children_for(authority, family, child_ids)
    social_worker = _social_worker_for(family, by)
    venue = _venue(by, venue_id, virtual_link)
    chair = _chair(by, chair_id)
    reasons = _rule_reason(
        chair_independence(rule_set, chair=chair, social_worker=social_worker), rule_reasons or {}, "chair"
    )
    discussion, previous, statutory = _what_it_follows(
        family, kind, day, rule_set, strategy_discussion_id, rule_reasons, reasons
    )
    is_late = _check_statutory(statutory, day, late_reason)
    slot = conference_slot(
        authority_id=authority.pk, starts_at=starts_at, chair=chair, social_worker=social_worker, venue=venue
    )
    conference = Conference(
        authority=authority,
        family=family,
        kind=kind,
        strategy_discussion=discussion,
        previous=previous,
        starts_at=starts_at,
        venue=venue,
        virtual_link=virtual_link,
        chair=chair,
        social_worker=social_worker,
        late_reason=late_reason.strip() if is_late else "",
        rule_reasons=reasons,
        clash_reason=check_clashes(slot, reason=clash_reason),
        created_by=by,
    )
    _save_new_conference(conference, children, by)
    _open_conference_deadlines(by, conference, day)
    record_statutory_booking(by, conference)
    return conference


def _social_worker_for(family: Family, by: Membership) -> Membership:
    """The case's allocated social worker; a social worker booking for an unallocated case is taken as it."""
    social_worker = family.social_worker or (by if by.role == Role.SOCIAL_WORKER else None)
    if social_worker is None:
        raise ValidationError(
            {"social_worker": "Allocate a social worker to the case before booking a conference."}
        )
    return social_worker


def _save_new_conference(conference: Conference, children: list[Child], by: Membership) -> None:
    """The new conference and its children, each with its first history row."""
    stamp(conference, by=by, reason=f"{conference.get_kind_display().lower()} scheduled")
    conference.save()
    bulk_create_with_history(
        [
            ConferenceChild(authority=conference.authority, conference=conference, child=child)
            for child in children
        ],
        ConferenceChild,
        default_user=by.user,
        default_change_reason="child added when the conference was scheduled",
    )


def schedule_review(*, by: Membership, family_id: int, **kwargs) -> Conference:
    """A review conference: due by RCPC1-3M after the initial conference, RCPCN-6M after a review."""
    return schedule_conference(by=by, family_id=family_id, kind=ConferenceKind.REVIEW, **kwargs)


def call_midway_review(*, by: Membership, family_id: int, reason: str, **kwargs) -> Conference:
    """MIDWAY-REVIEW: scheduled like a review; its `previous` stays the last real conference, so the
    next review is still due from that one."""
    reasons = dict(kwargs.pop("rule_reasons", None) or {})
    reasons[RuleId.MIDWAY_REVIEW] = reason
    return schedule_conference(
        by=by, family_id=family_id, kind=ConferenceKind.MIDWAY, rule_reasons=reasons, **kwargs
    )


def statutory_date_of(conference: Conference) -> StatutoryDate | None:
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        return icpc_date(conference.strategy_discussion)
    if conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        return review_date(conference.previous)
    return None


@transaction.atomic
def reschedule_conference(
    *,
    by: Membership,
    conference_id: int,
    starts_at: datetime,
    reason: str,
    venue_id: int | None = None,
    virtual_link: str | None = None,
    late_reason: str = "",
    clash_reason: str = "",
    now: datetime | None = None,
) -> Conference:
    """Move a conference: same checks as booking (a double booking only with `clash_reason`), a
    recorded reason, the deadlines that count back from it moved, and an updated calendar
    invitation (same UID, higher SEQUENCE) to everyone."""
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the conference is being moved; invitees are told."})
    day = _check_when(by, starts_at, calendar_for(by.authority), now or timezone.now())
    if conference.strategy_discussion_id:
        check_icpc_after_section47(discussion_held_on=conference.strategy_discussion.held_on, day=day)
    is_late = _check_statutory(statutory_date_of(conference), day, late_reason)
    if virtual_link is not None or venue_id is not None:
        conference.venue = _venue(by, venue_id, virtual_link if virtual_link is not None else "")
        conference.virtual_link = virtual_link or ""
    slot = conference_slot(
        authority_id=by.authority_id,
        starts_at=starts_at,
        chair=conference.chair,
        social_worker=conference.social_worker,
        venue=conference.venue,
        itself=conference.pk,
    )
    conference.clash_reason = check_clashes(slot, reason=clash_reason)
    conference.starts_at = starts_at
    conference.late_reason = late_reason.strip() if is_late else ""
    conference.change_reason = reason.strip()
    conference.ics_sequence += 1
    conference.version += 1
    stamp(conference, by=by, reason=f"moved: {reason.strip()}")
    conference.save()
    _open_conference_deadlines(by, conference, day)
    record_statutory_booking(by, conference)
    _send_after_commit(by.authority_id, conference.pk)
    # Report writers also hear about the new date in the app (REPORT-2WD moved with it).
    authority_id, conference_pk = by.authority_id, conference.pk
    transaction.on_commit(lambda: hooks.conference_moved(authority_id, conference_pk))
    return conference


@transaction.atomic
def cancel_conference(*, by: Membership, conference_id: int, reason: str) -> Conference:
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the conference is cancelled; invitees are told."})
    conference.status = ConferenceStatus.CANCELLED
    conference.change_reason = reason.strip()
    conference.ics_sequence += 1
    conference.version += 1
    stamp(conference, by=by, reason=f"cancelled: {reason.strip()}")
    conference.save()
    settle_report_deadlines(conference, reason=f"conference cancelled: {reason.strip()}"[:100])
    record_statutory_booking(by, conference)
    _send_after_commit(by.authority_id, conference.pk)
    return conference
