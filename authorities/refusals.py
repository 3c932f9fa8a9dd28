"""One shape for a service's refusal: a ValidationError naming the field (or none, for the whole
request), its message in words first and, where a rule refuses, the rule id after them as a
reference ("The next review is after this conference (RCPC1-3M)"), so the person reading it knows
what to do and can still look the rule up."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def in_words(message: str, rule_id: str) -> str:
    """A rule's message as people read it: the words first, the rule id after them as a reference.

    "Give the reasons a plan is needed (OPINION)", not "OPINION: give the reasons…": the reader
    needs to know what to do; the id is for looking the rule up. One format for every refusal,
    rule check and history reason that names a rule."""
    message = message.strip().rstrip(".").rstrip()
    return f"{message[:1].upper()}{message[1:]} ({rule_id})"


def refusal(field: str | None, message: str, *, rule_id: str | None = None) -> ValidationError:
    """The error a service raises to refuse: `raise refusal("starts_at", "…", rule_id=RuleId.X)`."""
    if rule_id:
        message = in_words(message, rule_id)
    return ValidationError({field: [message]} if field else message)
