"""LONG-PLAN at a review: a child whose plan has reached a flagged age, or who is on a second or
later plan, is flagged to managers; at the review the chair sees the flag and the question it puts,
and answers it (conferences.live.long_plan). The checklist and the live page read these rows."""

from __future__ import annotations

from dataclasses import dataclass

from authorities.compiled_reads import CompiledRead
from authorities.models import RuleSet
from authorities.rules.ids import RuleId
from cases.models import Child, ChildProtectionPlan
from cases.selectors import LongPlanFlag, LongPlanRule, flags_of_open_plans, long_plan_flags
from conferences.models import Conference, LongPlanAnswer


def question(child: Child, flags: list[LongPlanFlag]) -> str:
    """The question the flag puts to the review, in words."""
    repeat = any("plan" in f.text and not f.text.startswith("Plan open") for f in flags)
    long_open = any(f.text.startswith("Plan open") for f in flags)
    asks = []
    if long_open:
        asks.append(f"why does {child.first_name} still need a child protection plan")
    if repeat:
        asks.append("what is different this time from the earlier plan")
    asks.append("what will show that the plan can end")
    text = "; ".join(asks)
    return f"{text[:1].upper()}{text[1:]}?"


@dataclass(frozen=True)
class LongPlanRow:
    child: Child
    flags: list[LongPlanFlag]
    question: str
    answer: LongPlanAnswer | None


# Read on every opening of a live page whose children have long plans.
_answers = CompiledRead(
    lambda authority, conference: LongPlanAnswer.objects.for_authority(authority).filter(
        conference_id=conference
    )
)


def long_plan_rows(
    conference: Conference,
    rule_set: RuleSet,
    children: list[Child],
    *,
    plans: list[ChildProtectionPlan] | None = None,
) -> list[LongPlanRow]:
    """The flagged children at a review (none at an initial conference: no plan is running yet).
    `plans`, every plan of these children where the caller has read them, saves asking again."""
    if not conference.is_review or not rule_set.is_on(RuleId.LONG_PLAN):
        return []
    rule = LongPlanRule.of(rule_set)
    if plans is None:
        flags = long_plan_flags(
            conference.authority_id, [c.pk for c in children], today=conference.day, rule=rule
        )
    else:
        flags = flags_of_open_plans(
            [{"child_id": p.child_id, "started_on": p.started_on, "ended_on": p.ended_on} for p in plans],
            today=conference.day,
            rule=rule,
        )
    if not flags:
        return []
    answers = {a.child_id: a for a in _answers(conference.authority_id, conference.pk)}
    return [
        LongPlanRow(child, flags[child.pk], question(child, flags[child.pk]), answers.get(child.pk))
        for child in children
        if child.pk in flags
    ]
