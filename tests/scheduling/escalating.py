"""Helpers for the escalation tests: raising one through the service, and the pages' addresses."""

from __future__ import annotations

from datetime import date

from scheduling import escalations
from scheduling.models import Escalation
from tests.factories import FamilyFactory

MONDAY = date(2026, 3, 2)


def raise_one(people, **kwargs) -> Escalation:
    family = FamilyFactory(authority=people["social_worker"].authority, social_worker=people["social_worker"])
    return escalations.raise_escalation(
        by=people["social_worker"],
        kind=kwargs.get("kind", "plan_not_progressing"),
        reason=kwargs.get("reason", "No progress on the danger statement in eight weeks."),
        family_id=family.pk,
        today=MONDAY,
    )


def url(authority, path=""):
    return f"/{authority.slug}/escalations/{path}"
