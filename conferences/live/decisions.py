"""The chair's decision for each child, its step-down where a plan ends, and dissent."""

from __future__ import annotations

from django.db import transaction

from authorities.history import save_with_history
from authorities.models import Membership, Role, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import RuleViolation, check_rule, enforce
from authorities.rules.ids import RuleId
from cases.models import Child
from conferences.models import (
    Attendance,
    Conference,
    Decision,
    DecisionOutcome,
    Dissent,
    InviteeKind,
    StepDown,
    StepDownRoute,
)
from conferences.selectors import (
    PLAN_OUTCOMES,
    ChildTally,
    LiveConference,
)

from .common import _categories_allowed, _conference, _enforce_category, _ready_for_views_on


def allowed_outcomes(conference: Conference) -> list[tuple[str, str]]:
    """DECISION: at an initial conference a CP plan, a CIN plan or no further action; at a review
    (or midway review) continue or end the plan."""
    if conference.is_review:
        keep = (DecisionOutcome.CONTINUE_PLAN, DecisionOutcome.END_PLAN)
    else:
        keep = (DecisionOutcome.CP_PLAN, DecisionOutcome.CIN_PLAN, DecisionOutcome.NO_FURTHER_ACTION)
    return [(o.value, o.label) for o in keep]


@transaction.atomic
def record_decision(
    *,
    conference_id: int,
    child_id: int,
    outcome: str,
    by: Membership,
    category: str = "",
    rationale: str = "",
    step_down_route: str = "",
    step_down_rationale: str = "",
    oversight_by_id: int | None = None,
) -> Decision:
    """DECISION for one child. A plan needs its primary category (CATEGORY: the chair decides it
    where professionals differ); the chair's rationale is required unless every opinion given
    (abstentions aside) matches the decision. Every professional present has given an opinion first
    (OPINION), and a fired scoring trigger has been answered. Ending a plan where STEPDOWN-CIN-3M is
    on needs a CIN plan, an exemption, or a rationale with head-of-service oversight."""
    conference, live, child = _ready_for_views_on(by, conference_id, child_id)
    rules = live.rule_set
    _check_outcome_allowed(conference, outcome)
    tally = live.tallies[child.pk]
    _check_opinions_given(live, child, tally)
    _check_triggers_answered(live, child, tally)
    category = _decision_category(rules, child, outcome, category)
    _check_rationale(rules, child, tally, outcome, rationale)
    decision = _decision_for(conference, child)
    decision.outcome = outcome
    decision.category = category
    decision.rationale = rationale.strip()
    decision.decided_by = by
    step_down = None
    if outcome == DecisionOutcome.END_PLAN and rules.is_on(RuleId.STEPDOWN_CIN_3M):
        step_down = _step_down(
            conference, rules, child, step_down_route, step_down_rationale, oversight_by_id
        )
    save_with_history(decision, by=by, reason=f"decision: {outcome}")
    _keep_step_down(conference, decision, step_down, by)
    return decision


def _check_outcome_allowed(conference: Conference, outcome: str) -> None:
    if outcome not in dict(allowed_outcomes(conference)):
        raise refusal(
            "outcome",
            "Choose one of " + ", ".join(label for _, label in allowed_outcomes(conference)),
            rule_id=RuleId.DECISION,
        )


def _check_opinions_given(live: LiveConference, child: Child, tally: ChildTally) -> None:
    """OPINION: every professional present has given one (an abstention counts) before the decision."""
    given_by = {o.invitation_id for o in tally.opinions}
    waiting = [str(i.name) for i in live.present_professionals if i.pk not in given_by]
    enforce(
        check_rule(
            live.rule_set,
            RuleId.OPINION,
            satisfied=not waiting,
            message=f"no opinion yet for {child} from {', '.join(waiting)} (an abstention counts)",
        ),
        field="outcome",
    )


def _check_triggers_answered(live: LiveConference, child: Child, tally: ChildTally) -> None:
    for rule_id, fired in (
        (RuleId.SCORE_ALL_ZERO, tally.all_zero_fires),
        (RuleId.SCORE_MAJ_ABOVE_5, tally.majority_above_fires),
    ):
        if fired and (child.pk, rule_id) not in live.trigger_responses:
            raise refusal(
                "outcome",
                f"The scores for {child} need an answer first: escalate or record the discussion, or why not",
                rule_id=rule_id,
            )


def _decision_category(rules: RuleSet, child: Child, outcome: str, category: str) -> str:
    """CATEGORY: a plan has one primary category of harm; any other outcome has none."""
    if outcome not in PLAN_OUTCOMES:
        return ""
    _enforce_category(
        rules,
        category,
        allowed=_categories_allowed(rules),
        message=f"a child on a plan has one primary category of harm; choose it for {child}",
    )
    return category


def _check_rationale(rules: RuleSet, child: Child, tally: ChildTally, outcome: str, rationale: str) -> None:
    """DECISION: the chair's rationale where the opinions are split or differ from the decision."""
    if tally.matches(outcome) or rationale.strip():
        return
    why = "opinions are split" if tally.split else "the decision differs from the opinions given"
    enforce(
        check_rule(
            rules,
            RuleId.DECISION,
            satisfied=False,
            message=f"{why} for {child}: record the chair's rationale",
        ),
        field="rationale",
    )


def _decision_for(conference: Conference, child: Child) -> Decision:
    """The child's decision at this conference: the one recorded already (to change), or a new one."""
    decision = (
        Decision.objects.for_authority(conference.authority)
        .filter(conference=conference, child=child)
        .first()
    )
    if decision is None:
        decision = Decision(authority=conference.authority, conference=conference, child=child)
    return decision


def _keep_step_down(conference: Conference, decision: Decision, step_down: StepDown | None, by: Membership):
    """The decision's step-down replaces the one recorded before; a decision without one drops it."""
    if step_down is None:
        StepDown.objects.for_authority(conference.authority).filter(decision=decision).delete()
        return
    step_down.decision = decision
    existing = StepDown.objects.for_authority(conference.authority).filter(decision=decision).first()
    if existing:
        step_down.pk = existing.pk
    save_with_history(step_down, by=by, reason="step-down recorded")


def _step_down(conference, rules, child, route, rationale, oversight_by_id) -> StepDown:
    if route not in StepDownRoute.values:
        raise RuleViolation(
            check_rule(
                rules,
                RuleId.STEPDOWN_CIN_3M,
                satisfied=False,
                message=f"ending {child}'s plan: choose a child in need plan, an exemption (looked after, "
                "moved authority), or a recorded reason with head of service oversight",
            ),
            field="step_down_route",
        )
    oversight = None
    if route == StepDownRoute.OTHER:
        if not rationale.strip():
            raise refusal(
                "step_down_rationale", "Record why there is no child in need plan", rule_id="STEPDOWN-CIN-3M"
            )
        oversight = _head_of_service(conference, oversight_by_id)
        if oversight is None:
            raise refusal(
                "oversight_by", "Name the head of service who oversees this", rule_id="STEPDOWN-CIN-3M"
            )
    return StepDown(
        authority=conference.authority, route=route, rationale=rationale.strip(), oversight_by=oversight
    )


def _head_of_service(conference: Conference, membership_id: int | None) -> Membership | None:
    if not membership_id:
        return None
    return (
        Membership.objects.for_authority(conference.authority)
        .filter(pk=membership_id, role=Role.HEAD_OF_SERVICE, is_active=True)
        .first()
    )


@transaction.atomic
def record_dissent(
    *, conference_id: int, decision_id: int, invitation_id: int, reasons: str, by: Membership
) -> Dissent:
    """DISSENT: a professional present who disagrees with the confirmed decision, by name, with reasons."""
    conference = _conference(by, conference_id)
    decision = conference.decisions.get(pk=decision_id)
    invitation = conference.invitations.filter(
        pk=invitation_id, kind=InviteeKind.PROFESSIONAL, attendance=Attendance.PRESENT
    ).first()
    if invitation is None:
        raise refusal(
            "invitation", "Only a professional present at the conference records a dissent", rule_id="DISSENT"
        )
    if not reasons.strip():
        raise refusal("reasons", "Record the reasons for the dissent", rule_id="DISSENT")
    dissent = Dissent(
        authority=conference.authority, decision=decision, invitation=invitation, reasons=reasons.strip()
    )
    save_with_history(dissent, by=by, reason="dissent recorded")
    return dissent
