"""The chair's answer to the LONG-PLAN question at a review (the flags: conferences.long_plan)."""

from __future__ import annotations

from django.db import transaction

from authorities.history import save_with_history
from authorities.models import Membership
from authorities.refusals import refusal
from authorities.rules.checks import in_words
from authorities.rules.ids import RuleId
from conferences.long_plan import long_plan_rows
from conferences.models import LongPlanAnswer

from .common import _conference, _started


@transaction.atomic
def answer_long_plan(*, conference_id: int, child_id: int, answer: str, by: Membership) -> LongPlanAnswer:
    """The chair's answer to the LONG-PLAN question for one child; answering again replaces it
    (the history keeps each version)."""
    conference = _conference(by, conference_id)
    _started(conference)
    child = conference.children.get(pk=child_id)
    row = next((r for r in long_plan_rows(conference, conference.rule_set_in_force(), [child])), None)
    if row is None:
        raise refusal("child", in_words(f"{child}'s plan is not flagged", RuleId.LONG_PLAN))
    if not answer.strip():
        raise refusal("answer", in_words(f"answer the question for {child}", RuleId.LONG_PLAN))
    record = row.answer or LongPlanAnswer(authority=conference.authority, conference=conference, child=child)
    record.flags = "; ".join(f"{f.text} {f.detail}".strip() for f in row.flags)
    record.answer = answer.strip()
    record.by = by
    save_with_history(record, by=by, reason="Long or repeat plan answered at the review (LONG-PLAN)")
    return record
