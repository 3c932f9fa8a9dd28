"""Opinions, triggers, decisions and dissent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Role, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import RuleViolation, check_rule, enforce
from authorities.rules.ids import RuleId
from cases.models import Category, Child
from conferences.models import (
    Attendance,
    Conference,
    Decision,
    DecisionOutcome,
    Dissent,
    InviteeKind,
    Opinion,
    StepDown,
    StepDownRoute,
    TriggerAction,
    TriggerResponse,
)
from conferences.selectors import (
    PLAN_OUTCOMES,
    load_live,
)
from scheduling.calendars import calendar_for
from scheduling.engine import Timescale, due_date
from scheduling.models import Escalation, EscalationEvent, EscalationKind, Notification
from scheduling.services import notify

from .common import _conference, _proceeding, _started


def _conference_child(conference: Conference, child_id: int) -> Child:
    return Child.objects.for_authority(conference.authority).get(pk=child_id, conferences=conference)


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
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    _proceeding(live)
    child = _conference_child(conference, child_id)
    invitation = next((i for i in live.present_professionals if i.pk == invitation_id), None)
    if invitation is None:
        raise refusal(
            "invitation", "Only a professional present at the conference gives an opinion", rule_id="OPINION"
        )
    if plan_needed:
        enforce(
            check_rule(
                rules,
                RuleId.OPINION,
                satisfied=bool(reasons.strip()),
                message="give the reasons a plan is needed",
            ),
            field="reasons",
        )
        allowed = rules.values(RuleId.CATEGORY).get("categories") or Category.values
        enforce(
            check_rule(
                rules,
                RuleId.CATEGORY,
                satisfied=category in allowed,
                message="choose the category of harm (" + ", ".join(allowed) + ")",
            ),
            field="category",
        )
    elif category:
        category = ""  # a category only goes with "a plan is needed"
    if score is not None:
        if not rules.is_on(RuleId.SCALING):
            raise refusal("score", "This authority does not use scaling scores", rule_id="SCALING")
        scaling = rules.values(RuleId.SCALING)
        low, high = int(scaling.get("min", 0)), int(scaling.get("max", 10))
        if not low <= score <= high:
            raise refusal("score", f"A score is between {low} and {high}", rule_id="SCALING")
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


def _rung_recipients(conference: Conference, roles: list[str]) -> list[Membership]:
    """Who answers at a ladder rung: the case's own team manager and chair where the rung names
    those roles, everyone holding any other role named."""
    recipients: dict[int, Membership] = {}
    for role in roles:
        if role == Role.TEAM_MANAGER and conference.social_worker.team_manager_id:
            manager = conference.social_worker.team_manager
            recipients[manager.pk] = manager
        elif role == Role.CHAIR:
            recipients[conference.chair_id] = conference.chair
        else:
            for membership in (
                Membership.objects.for_authority(conference.authority)
                .filter(role=role, is_active=True)
                .select_related("user")
            ):
                recipients[membership.pk] = membership
    return list(recipients.values())


def _raise_score_escalation(conference: Conference, rules: RuleSet, child: Child, note: str, by: Membership):
    ladder = rules.values(RuleId.ESCALATION).get("ladder") or []
    if not ladder:
        raise refusal(None, "This authority's rule set has no escalation ladder", rule_id="ESCALATION")
    rung = ladder[0]
    today = timezone.localdate()
    respond_by = due_date(
        Timescale(unit="working_days", amount=int(rung.get("working_days", 2))),
        today,
        calendar_for(conference.authority),
    )
    reason = note.strip() or f"Most professionals scored {child} at 0 at the conference (SCORE-ALL-ZERO)."
    escalation = Escalation(
        authority=conference.authority,
        kind=EscalationKind.SCORE_ALL_ZERO,
        family=conference.family,
        level=int(rung.get("level", 1)),
        level_label=rung.get("label", ""),
        roles=list(rung.get("roles", [])),
        reason=reason,
        raised_by=by,
        respond_by=respond_by,
    )
    save_with_history(escalation, by=by, reason="SCORE-ALL-ZERO escalation raised")
    EscalationEvent.objects.create(
        authority=conference.authority,
        escalation=escalation,
        action=EscalationEvent.Action.RAISED,
        by=by,
        note=reason,
    )
    url = f"/{conference.authority.slug}/conferences/{conference.pk}/live/"
    for member in _rung_recipients(conference, escalation.roles):
        notify(
            authority=conference.authority,
            recipient=member.user,
            kind=Notification.Kind.ESCALATION,
            # The case reference and dates only: the child's name and the reason stay behind sign-in.
            subject=f"Escalation: scores at zero (SCORE-ALL-ZERO), case {conference.family.case_reference}",
            body=f"Respond by {long_date(respond_by)}. The reason is on the conference's live page.",
            url=url,
            dedupe_key=f"escalation-{escalation.pk}",
        )
    return escalation


@transaction.atomic
def respond_to_trigger(
    *, conference_id: int, child_id: int, rule_id: str, action: str, by: Membership, note: str = ""
) -> TriggerResponse:
    """When SCORE-ALL-ZERO fires the chair escalates to the social work management team in one
    step; when SCORE-MAJ-ABOVE-5 fires the chair records the child-in-need discussion; or, for
    either, records why not."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    child = _conference_child(conference, child_id)
    tally = live.tallies[child.pk]
    fired = {
        RuleId.SCORE_ALL_ZERO: tally.all_zero_fires,
        RuleId.SCORE_MAJ_ABOVE_5: tally.majority_above_fires,
    }
    if not fired.get(rule_id):
        raise refusal(
            "rule_id",
            f"The scores for {child} do not call for this",
            rule_id=rule_id,
        )
    allowed = {
        RuleId.SCORE_ALL_ZERO: (TriggerAction.ESCALATED, TriggerAction.DECLINED),
        RuleId.SCORE_MAJ_ABOVE_5: (TriggerAction.DISCUSSED, TriggerAction.DECLINED),
    }[rule_id]
    if action not in allowed:
        raise refusal(
            "action",
            "Choose " + " or ".join(a.label.lower() for a in allowed),
            rule_id=rule_id,
        )
    if action != TriggerAction.ESCALATED and not note.strip():
        what = "why not" if action == TriggerAction.DECLINED else "what the discussion concluded"
        raise refusal(
            "note",
            f"Record {what}",
            rule_id=rule_id,
        )
    if (child.pk, rule_id) in live.trigger_responses:
        raise refusal(
            None,
            f"Already answered for {child}",
            rule_id=rule_id,
        )
    escalation = (
        _raise_score_escalation(conference, live.rule_set, child, note, by)
        if action == TriggerAction.ESCALATED
        else None
    )
    response = TriggerResponse(
        authority=conference.authority,
        conference=conference,
        child=child,
        rule_id=rule_id,
        action=action,
        note=note.strip(),
        escalation=escalation,
        by=by,
    )
    save_with_history(response, by=by, reason=f"{TriggerAction(action).label} ({rule_id})")
    return response


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
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    _proceeding(live)
    child = _conference_child(conference, child_id)
    if outcome not in dict(allowed_outcomes(conference)):
        raise refusal(
            "outcome",
            "Choose one of " + ", ".join(label for _, label in allowed_outcomes(conference)),
            rule_id=RuleId.DECISION,
        )
    tally = live.tallies[child.pk]
    given_by = {o.invitation_id for o in tally.opinions}
    waiting = [str(i.name) for i in live.present_professionals if i.pk not in given_by]
    enforce(
        check_rule(
            rules,
            RuleId.OPINION,
            satisfied=not waiting,
            message=f"no opinion yet for {child} from {', '.join(waiting)} (an abstention counts)",
        ),
        field="outcome",
    )
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
    if outcome in PLAN_OUTCOMES:
        allowed = rules.values(RuleId.CATEGORY).get("categories") or Category.values
        enforce(
            check_rule(
                rules,
                RuleId.CATEGORY,
                satisfied=category in allowed,
                message=f"a child on a plan has one primary category of harm; choose it for {child}",
            ),
            field="category",
        )
    else:
        category = ""
    needs_rationale = not tally.matches(outcome)
    if needs_rationale and not rationale.strip():
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
    decision = (
        Decision.objects.for_authority(conference.authority)
        .filter(conference=conference, child=child)
        .first()
    )
    if decision is None:
        decision = Decision(authority=conference.authority, conference=conference, child=child)
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
    if step_down is not None:
        step_down.decision = decision
        existing = StepDown.objects.for_authority(conference.authority).filter(decision=decision).first()
        if existing:
            step_down.pk = existing.pk
        save_with_history(step_down, by=by, reason="step-down recorded")
    else:
        StepDown.objects.for_authority(conference.authority).filter(decision=decision).delete()
    return decision


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
        oversight = (
            Membership.objects.for_authority(conference.authority)
            .filter(pk=oversight_by_id, role=Role.HEAD_OF_SERVICE, is_active=True)
            .first()
            if oversight_by_id
            else None
        )
        if oversight is None:
            raise refusal(
                "oversight_by", "Name the head of service who oversees this", rule_id="STEPDOWN-CIN-3M"
            )
    return StepDown(
        authority=conference.authority, route=route, rationale=rationale.strip(), oversight_by=oversight
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
