"""Each professional's opinion, per child, in the room."""

from __future__ import annotations

from django.db import transaction

from authorities.history import save_with_history
from authorities.models import Membership, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from conferences.models import Invitation, Opinion
from conferences.selectors import LiveConference

from .common import _categories_allowed, _enforce_category, _ready_for_views_on


@transaction.atomic
def record_opinion(
    *,
    conference_id: int,
    child_id: int,
    invitation_id: int,
    plan_needed: bool | None,
    by: Membership,
    reasons: str = "",
    category: str = "",
    score: int | None = None,
) -> Opinion:
    """OPINION: one professional present, for one child (ALL-CHILDREN): plan needed yes/no (None:
    abstained), reasons and category of harm if yes (CATEGORY), and a scaling score where SCALING
    is on, within the rule set's range."""
    conference, live, child = _ready_for_views_on(by, conference_id, child_id)
    rules = live.rule_set
    invitation = _present_professional(live, invitation_id)
    category = _opinion_category(rules, plan_needed=plan_needed, reasons=reasons, category=category)
    if score is not None:
        _check_score(rules, score)
    opinion, _ = Opinion.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        child=child,
        invitation=invitation,
        defaults={"authority": conference.authority},
    )
    opinion.plan_needed = plan_needed
    opinion.reasons = reasons.strip()
    opinion.category = category
    opinion.score = score
    save_with_history(opinion, by=by, reason="opinion recorded")
    return opinion


def _present_professional(live: LiveConference, invitation_id: int) -> Invitation:
    invitation = next((i for i in live.present_professionals if i.pk == invitation_id), None)
    if invitation is None:
        raise refusal(
            "invitation", "Only a professional present at the conference gives an opinion", rule_id="OPINION"
        )
    return invitation


def _opinion_category(rules: RuleSet, *, plan_needed: bool | None, reasons: str, category: str) -> str:
    """ "A plan is needed" comes with its reasons (OPINION) and a category of harm (CATEGORY)."""
    if not plan_needed:
        return ""  # a category only goes with "a plan is needed"
    enforce(
        check_rule(
            rules,
            RuleId.OPINION,
            satisfied=bool(reasons.strip()),
            message="give the reasons a plan is needed",
        ),
        field="reasons",
    )
    allowed = _categories_allowed(rules)
    _enforce_category(
        rules, category, allowed=allowed, message="choose the category of harm (" + ", ".join(allowed) + ")"
    )
    return category


def _check_score(rules: RuleSet, score: int) -> None:
    """SCALING: a score only where the authority scales, and within its range."""
    if not rules.is_on(RuleId.SCALING):
        raise refusal("score", "This authority does not use scaling scores", rule_id="SCALING")
    scaling = rules.values(RuleId.SCALING)
    low, high = int(scaling.get("min", 0)), int(scaling.get("max", 10))
    if not low <= score <= high:
        raise refusal("score", f"A score is between {low} and {high}", rule_id="SCALING")
