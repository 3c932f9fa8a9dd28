"""What every live service shares: loading the conference for its chair, and the checks before a change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from authorities.models import Membership, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import RuleViolation, check_rule, enforce
from authorities.rules.ids import RuleId
from cases.models import Category, Child
from conferences.models import (
    Conference,
    ConferenceStatus,
)
from conferences.selectors import (
    LiveConference,
    load_live,
)

LIVE_STATUSES = (ConferenceStatus.SCHEDULED, ConferenceStatus.IN_PROGRESS)


class StaleEdit(Exception):
    """Someone else saved the same text since this person loaded it: refused, never overwritten."""

    def __init__(self, *, what: str, current_text: str, current_version: int, by_name: str) -> None:
        self.what = what
        self.current_text = current_text
        self.current_version = current_version
        self.by_name = by_name
        super().__init__(
            f"{what}: {by_name or 'someone else'} saved a change while you were editing. "
            "Your text has not been saved; their version is shown so you can merge the two and save again."
        )


def _conference(by: Membership, conference_id: int, *, live: bool = True) -> Conference:
    """The conference, locked, in the chair's authority; only its chair may change it."""
    conference = (
        Conference.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("authority")
        .get(pk=conference_id)
    )
    if conference.chair_id != by.pk:
        raise PermissionDenied("Only this conference's chair may change it.")
    if live and conference.status not in LIVE_STATUSES:
        raise refusal(
            None, f"This conference is {conference.get_status_display().lower()}: it can no longer change."
        )
    return conference


def _conference_child(conference: Conference, child_id: int) -> Child:
    return Child.objects.for_authority(conference.authority).get(pk=child_id, conferences=conference)


def _started(conference: Conference) -> None:
    if conference.status != ConferenceStatus.IN_PROGRESS:
        raise refusal(None, "Start the conference first.")


def _proceeding(live: LiveConference) -> None:
    """Opinions and decisions are taken only once the conference may go ahead (QUORUM)."""
    if not live.quorum.may_proceed:
        missing = "; ".join(live.quorum.missing)
        raise RuleViolation(
            check_rule(
                live.rule_set,
                RuleId.QUORUM,
                satisfied=False,
                message=f"the conference is not quorate (missing {missing}); go ahead with a recorded "
                "reason where the chair may, or adjourn",
            )
        )


def _ready_for_views_on(by: Membership, conference_id: int, child_id: int):
    """What an opinion or a decision on one child needs first: the conference, started and
    quorate (or going ahead without), its live state, and the child, one of its children."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    _proceeding(live)
    return conference, live, _conference_child(conference, child_id)


def _categories_allowed(rules: RuleSet) -> list[str]:
    return rules.values(RuleId.CATEGORY).get("categories") or Category.values


def _enforce_category(rules: RuleSet, category: str, *, allowed: list[str], message: str) -> None:
    """CATEGORY: one of the categories of harm this authority uses."""
    enforce(
        check_rule(rules, RuleId.CATEGORY, satisfied=category in allowed, message=message),
        field="category",
    )
