"""Reviews of a child in need plan: the social worker (or a manager) records when it was held, who
came, and whether the plan goes on or ends. A stepped-down plan's STEPDOWN-CIN-3M deadline (its
three-month review) is met by a review held on or after the three-month point; ending the plan at a
review goes through `end_in_need_plan`, so ending before then still needs a reason where the rule
is advised and is refused where it is required. No rule sets how often a child in need plan is
reviewed after that, so the social worker gives the next review's date: it is recorded and shown
(with no deadline row, which would need a rule id)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.refusals import refusal
from scheduling.services import deadline_for, meet_deadline

from ..models import ChildInNeedPlan, ChildInNeedReview, InNeedReviewOutcome
from .services import STEPDOWN, end_in_need_plan

# The next review is booked within a year of this one: a date further off is a typing slip.
NEXT_REVIEW_WITHIN = datetime.timedelta(days=366)


@dataclass(frozen=True)
class InNeedReviewIn:
    held_on: datetime.date | None
    attended: str
    outcome: str
    notes: str = ""
    next_review_on: datetime.date | None = None
    reason: str = ""


def _check_held_on(cin: ChildInNeedPlan, held_on: datetime.date | None) -> datetime.date:
    if held_on is None:
        raise refusal("held_on", "Enter the date the review was held.")
    if held_on > timezone.localdate():
        raise refusal("held_on", "The date the review was held cannot be in the future.")
    if held_on < cin.started_on:
        raise refusal(
            "held_on",
            f"The child in need plan started on {long_date(cin.started_on)}: "
            "the date the review was held cannot be before that.",
        )
    return held_on


def _check_next_review(held_on: datetime.date, next_review_on: datetime.date | None) -> datetime.date:
    if next_review_on is None:
        raise refusal("next_review_on", "Enter the date of the next review: the plan continues.")
    if next_review_on <= held_on:
        raise refusal(
            "next_review_on",
            f"The date of the next review comes after this review ({long_date(held_on)}).",
        )
    if next_review_on > held_on + NEXT_REVIEW_WITHIN:
        raise refusal(
            "next_review_on",
            f"The date of the next review is within a year of this one: by "
            f"{long_date(held_on + NEXT_REVIEW_WITHIN)}.",
        )
    return next_review_on


def _check(cin: ChildInNeedPlan, data: InNeedReviewIn) -> None:
    if cin.ended_on is not None:
        raise refusal(
            None, f"This child in need plan ended on {long_date(cin.ended_on)}: it has no more reviews."
        )
    held_on = _check_held_on(cin, data.held_on)
    if not data.attended.strip():
        raise refusal("attended", "Say who attended the review.")
    if data.outcome not in InNeedReviewOutcome.values:
        raise refusal("outcome", "Choose whether the plan continues or ends.")
    if data.outcome == InNeedReviewOutcome.CONTINUE:
        _check_next_review(held_on, data.next_review_on)


def _meet_three_month_review(cin: ChildInNeedPlan, held_on: datetime.date) -> None:
    """A review on or after the three-month point is the review STEPDOWN-CIN-3M waits for."""
    deadline = deadline_for(authority=cin.authority_id, rule_id=STEPDOWN, subject=cin)
    if deadline is None or deadline.cancelled_at is not None or deadline.met_on is not None:
        return
    if held_on >= deadline.due_on:
        meet_deadline(authority=cin.authority, rule_id=STEPDOWN, subject=cin, met_on=held_on)


@transaction.atomic
def record_in_need_review(*, by: Membership, plan_id: int, review: InNeedReviewIn) -> ChildInNeedReview:
    """Record a review of a child in need plan, with its history. "The plan ends" ends it on the
    day of the review, through the same checks as ending it from its own page."""
    cin = (
        ChildInNeedPlan.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("authority")
        .get(pk=plan_id)
    )
    _check(cin, review)
    ends = review.outcome == InNeedReviewOutcome.END
    row = ChildInNeedReview(
        authority=cin.authority,
        plan=cin,
        held_on=review.held_on,
        attended=review.attended.strip(),
        outcome=review.outcome,
        notes=review.notes.strip(),
        next_review_on=None if ends else review.next_review_on,
        recorded_by=by,
    )
    save_with_history(row, by=by, reason=f"child in need review: {row.get_outcome_display().lower()}")
    if ends:
        end_in_need_plan(by=by, plan_id=cin.pk, ended_on=review.held_on, reason=review.reason)
    else:
        _meet_three_month_review(cin, review.held_on)
    return row


def reviews_of(cin: ChildInNeedPlan) -> list[ChildInNeedReview]:
    """The plan's reviews, earliest first."""
    return list(
        ChildInNeedReview.objects.for_authority(cin.authority_id)
        .filter(plan=cin)
        .select_related("recorded_by__user")
        .order_by("held_on", "pk")
    )


def next_review_on(cin: ChildInNeedPlan, reviews: list[ChildInNeedReview]) -> datetime.date | None:
    """While the plan runs: the date the last review set for the next one."""
    if cin.ended_on is not None or not reviews:
        return None
    return reviews[-1].next_review_on
