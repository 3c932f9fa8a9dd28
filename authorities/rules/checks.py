"""The one function that answers every rule check, and the error services raise from it.

A rule's mode in the authority's rule set decides the answer (RULES.md):
required refuses, advised asks for a recorded reason, off lets everything through.
Deadline rules never block work: late under a required rule needs a reason, late under an
advised rule is only flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from authorities.human_dates import long_date_with_weekday
from authorities.models import Mode, RuleSet
from authorities.refusals import in_words

from .catalogue import DATA_RULES_BY_ID, RULES_BY_ID, RuleKind

__all__ = ["Outcome", "RuleAnswer", "RuleViolation", "check_deadline", "check_rule", "enforce", "in_words"]


class Outcome(StrEnum):
    OK = "ok"
    ADVISED = "advised"
    REFUSED = "refused"


@dataclass(frozen=True)
class RuleAnswer:
    outcome: Outcome
    rule_id: str
    message: str = ""
    needs_reason: bool = False

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def advised(self) -> bool:
        return self.outcome is Outcome.ADVISED

    @property
    def refused(self) -> bool:
        return self.outcome is Outcome.REFUSED

    def __str__(self) -> str:
        return in_words(self.message, self.rule_id) if self.message else self.rule_id


class RuleViolation(Exception):
    """Raised by services when a rule refuses, or asks for a reason that was not given."""

    def __init__(self, answer: RuleAnswer, field: str | None = None) -> None:
        self.answer = answer
        self.rule_id = answer.rule_id
        self.field = field
        text = in_words(answer.message, answer.rule_id) if answer.message else answer.rule_id
        if answer.advised and answer.needs_reason:
            text += ". Give a reason to go ahead."
        super().__init__(text)


def check_rule(
    rule_set: RuleSet, rule_id: str, *, satisfied: bool, message: str, minimum: bool = False
) -> RuleAnswer:
    """Answer for a rule whose condition the caller has evaluated (`satisfied`).

    `message` says, in the user's terms, what is wrong when the condition is not met. `minimum`:
    the caller asks about cutting short a period a timescale rule sets as a minimum (STEPDOWN-CIN-3M:
    a child in need plan of at least 3 months), not about acting late, so the rule answers as a
    check does (required refuses, advised asks for a reason).
    """
    rule = RULES_BY_ID[rule_id]
    mode = rule_set.mode(rule_id)
    if satisfied or mode in (Mode.OFF, Mode.ON) or rule.kind is RuleKind.CONTEXT:
        return RuleAnswer(Outcome.OK, rule_id)
    if rule.kind is RuleKind.DEADLINE and not minimum:
        return RuleAnswer(Outcome.ADVISED, rule_id, message, needs_reason=mode == Mode.REQUIRED)
    if mode == Mode.REQUIRED:
        return RuleAnswer(Outcome.REFUSED, rule_id, message)
    return RuleAnswer(Outcome.ADVISED, rule_id, message, needs_reason=True)


def check_deadline(rule_set: RuleSet, rule_id: str, *, due: date, acted_on: date) -> RuleAnswer:
    """Acting on `acted_on` against a deadline due on `due` (on the due date is on time)."""
    return check_rule(
        rule_set,
        rule_id,
        satisfied=acted_on <= due,
        message=f"due by {long_date_with_weekday(due)}; {long_date_with_weekday(acted_on)} is late",
    )


def enforce(answer: RuleAnswer, *, reason: str = "", field: str | None = None) -> None:
    """Raise unless the answer lets the caller go on (with `reason` where one is needed)."""
    if answer.refused or (answer.advised and answer.needs_reason and not reason.strip()):
        raise RuleViolation(answer, field=field)


def data_rule_violation(rule_id: str, message: str, *, field: str | None = None) -> RuleViolation:
    """A refusal under a data rule (catalogue.DATA_RULES): always required, whatever the rule set."""
    if rule_id not in DATA_RULES_BY_ID:
        raise KeyError(rule_id)
    return RuleViolation(RuleAnswer(Outcome.REFUSED, rule_id, message), field=field)
