"""Writes for strategy discussions: recorded and changed, each keeping the initial conference's
ICPC-15WD deadline in step (open from the discussion where section 47 enquiries started)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.human_dates import long_date
from authorities.models import Membership, RuleSet
from authorities.rules.ids import RuleId
from scheduling.services import cancel_deadline, open_deadline

from .families import family_label
from .models import Child, Family, StrategyDiscussion

ICPC_RULE = RuleId.ICPC_15WD


def _validate_discussion(
    by: Membership, family: Family, held_on: date, child_ids: Iterable[int]
) -> list[Child]:
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "A strategy discussion cannot be recorded for a date in the future."
    elif not RuleSet.objects.for_authority(by.authority).in_force_on(held_on).exists():
        # ICPC-15WD is counted by the rules in force on the day: none, none to count by.
        errors["held_on"] = f"{by.authority.name} has no rule set in force on {long_date(held_on)}."
    ids = set(child_ids)
    children = list(Child.objects.for_authority(by.authority).filter(family=family, pk__in=ids))
    if not ids:
        errors["children"] = "Choose at least one child the discussion was about."
    elif len(children) != len(ids):
        errors["children"] = "Choose children of this family only."
    if errors:
        raise ValidationError(errors)
    return children


def _sync_icpc_deadline(by: Membership, discussion: StrategyDiscussion) -> None:
    """ICPC-15WD runs from the discussion at which section 47 enquiries started."""
    if not discussion.section47_started:
        cancel_deadline(authority=by.authority, rule_id=ICPC_RULE, subject=discussion)
        return
    family = discussion.family
    open_deadline(
        authority=by.authority,
        rule_id=ICPC_RULE,
        subject=discussion,
        event_on=discussion.held_on,
        label=f"Initial conference for {family_label(family)}",
        family_id=family.pk,
        responsible=family.social_worker or by,
    )


@transaction.atomic
def record_strategy_discussion(
    *,
    by: Membership,
    family_id: int,
    held_on: date,
    attendees: str,
    outcome: str,
    section47_started: bool,
    child_ids: Iterable[int],
    icpc_not_required: bool = False,
) -> StrategyDiscussion:
    family = Family.objects.for_authority(by.authority).select_related("social_worker").get(pk=family_id)
    children = _validate_discussion(by, family, held_on, child_ids)
    discussion = StrategyDiscussion(
        authority=by.authority,
        family=family,
        held_on=held_on,
        attendees=attendees,
        outcome=outcome,
        section47_started=section47_started,
        icpc_not_required=section47_started and icpc_not_required,
        recorded_by=by,
    )
    stamp(discussion, by=by, reason="strategy discussion recorded")
    discussion.save()
    discussion.children.set(children)
    _sync_icpc_deadline(by, discussion)
    return discussion


@transaction.atomic
def update_strategy_discussion(
    *,
    by: Membership,
    discussion_id: int,
    held_on: date,
    attendees: str,
    outcome: str,
    section47_started: bool,
    child_ids: Iterable[int],
    icpc_not_required: bool = False,
) -> StrategyDiscussion:
    discussion = (
        StrategyDiscussion.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("family__social_worker")
        .get(pk=discussion_id)
    )
    children = _validate_discussion(by, discussion.family, held_on, child_ids)
    held = discussion.conferences.exclude(status="cancelled").filter(starts_at__date__lt=held_on)
    if held.exists():
        raise ValidationError(
            {"held_on": "A conference for this discussion is already before that date; move it first."}
        )
    discussion.held_on, discussion.attendees, discussion.outcome = held_on, attendees, outcome
    discussion.section47_started = section47_started
    discussion.icpc_not_required = section47_started and icpc_not_required
    stamp(discussion, by=by, reason="strategy discussion changed")
    discussion.save()
    discussion.children.set(children)
    # Moving the discussion moves the ICPC due date (open_deadline recomputes it).
    _sync_icpc_deadline(by, discussion)
    return discussion
