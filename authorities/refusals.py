"""One shape for a service's refusal: a ValidationError naming the field (or none, for the whole
request), its message starting with the rule id where a rule refuses, so the form, the API and the
person reading it can tell which rule said no."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refusal(field: str | None, message: str, *, rule_id: str | None = None) -> ValidationError:
    """The error a service raises to refuse: `raise refusal("starts_at", "…", rule_id=RuleId.X)`."""
    if rule_id:
        message = f"{rule_id}: {message}"
    return ValidationError({field: [message]} if field else message)
