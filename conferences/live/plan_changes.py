"""PLAN-CHANGES on the review conference: the changes the core groups made to the plan since the
last conference reach the chair's page and the minutes. Core groups hold them; they come through
`conferences.hooks.plan_changes_for_review`."""

from __future__ import annotations

from authorities.models import Mode, RuleSet
from authorities.rules.ids import RuleId
from conferences import hooks
from conferences.models import Conference


def plan_changes_context(conference: Conference, rule_set: RuleSet) -> dict:
    """`plan_changes`: None where there is nothing to carry (not a review, or the rule is off),
    else the versions, oldest change first (an empty list: none recorded)."""
    if not conference.is_review or rule_set.mode(RuleId.PLAN_CHANGES) == Mode.OFF:
        return {"plan_changes": None}
    return {"plan_changes": hooks.plan_changes_for_review(conference)}
