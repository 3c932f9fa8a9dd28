"""PLAN-CHANGES on the review conference: the changes made to the plan since the last conference
reach the chair's page and the minutes. The core groups' changes come through
`conferences.hooks.plan_changes_for_review`; lines of the plan changed between conferences
(`cases.plans.items`) follow them, version by version, in the same shape."""

from __future__ import annotations

from authorities.models import Mode, RuleSet
from authorities.rules.ids import RuleId
from cases.plans.selectors import line_changes_between
from conferences import hooks
from conferences.models import Conference, ConferenceKind, ConferenceStatus


def plan_changes_context(conference: Conference, rule_set: RuleSet) -> dict:
    """`plan_changes`: None where there is nothing to carry (not a review, or the rule is off),
    else the versions, oldest change first (an empty list: none recorded)."""
    if not conference.is_review or rule_set.mode(RuleId.PLAN_CHANGES) == Mode.OFF:
        return {"plan_changes": None}
    return {"plan_changes": hooks.plan_changes_for_review(conference) + _line_changes(conference)}


def _line_changes(conference: Conference) -> list:
    last = (
        Conference.objects.for_authority(conference.authority_id)
        .filter(
            family_id=conference.family_id,
            status=ConferenceStatus.HELD,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW),
            held_on__lt=conference.day,
        )
        .exclude(pk=conference.pk)
        .order_by("-held_on", "-pk")
        .first()
    )
    if last is None:
        return []
    return line_changes_between(conference.authority_id, conference.family_id, last.held_on, conference.day)
