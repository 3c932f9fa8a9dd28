"""What OUTCOME asks of one line of a plan, whether the chair writes it into the outline plan in the
room (`conferences.live.outline_plan`) or it changes later on the child protection plan itself
(`cases.plans.items`): one set of checks, so the plan cannot hold a line the room would refuse."""

from __future__ import annotations

from datetime import date

from authorities.models import RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId

# The kinds both plans share (the outline plan also has CG-SEE-CHILD's contact lines).
DANGER, SAFETY_GOAL, OUTCOME, ACTION = "danger", "safety_goal", "outcome", "action"


def check_text(text: str) -> str:
    if not text.strip():
        raise refusal("text", "Write the plan line", rule_id="OUTCOME")
    return text.strip()


def check_action(rules: RuleSet, *, has_owner: bool, due_on: date | None, answers_a_danger: bool) -> None:
    """An action has an owner (person or agency), a due date and the danger statement it answers;
    where OUTCOME is advised, going without needs a reason (the answer says so)."""
    problems = []
    if not has_owner:
        problems.append("an owner (person or agency)")
    if not due_on:
        problems.append("a due date")
    if not answers_a_danger:
        problems.append("the danger statement it answers")
    if problems:
        message = "an action needs " + ", ".join(problems)
        enforce(check_rule(rules, RuleId.OUTCOME, satisfied=False, message=message), field="text")


def check_outcome(rules: RuleSet, *, indicators: str, collected_by: str) -> None:
    """An outcome statement says what will show the child is safe, and who collects that."""
    enforce(
        check_rule(
            rules,
            RuleId.OUTCOME,
            satisfied=bool(indicators.strip() and collected_by.strip()),
            message="an outcome statement needs its indicators (what will show us the child is safe?) "
            "and who collects that information",
        ),
        field="indicators",
    )
