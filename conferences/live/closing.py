"""Holding (closing) the conference: deadlines met and opened, plans started and ended."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date, long_date_with_weekday
from authorities.models import Membership, Mode, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import check_deadline, enforce
from authorities.rules.ids import RuleId
from cases.models import ChildInNeedPlan, ChildProtectionPlan, PlanEndKind, PlanItem, PlanItemKind
from cases.plans import services as plan_services
from cases.plans.item_deadlines import COPIED_FROM_CONFERENCE
from conferences import hooks
from conferences.checklist import conference_checklist, go_ahead_without
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    DecisionOutcome,
    OutlineItemKind,
    StepDown,
    StepDownRoute,
)
from conferences.selectors import (
    PLAN_OUTCOMES,
    LiveConference,
    load_live,
)
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date
from scheduling.services import deadline_for, meet_deadline, open_deadline, record_booking

from ..census_checks import check_census_rules_on_holding
from ..report_deadlines import settle_report_deadlines
from . import plan_actions
from .common import _conference, _started
from .next_dates import review_rule_after


def _met_deadline(conference: Conference, rules: RuleSet, held: date, reason: str) -> None:
    """Holding the conference meets its own timescale: ICPC-15WD counted from the strategy
    discussion, or the review deadline opened by the previous conference. Late under a required
    timescale needs a reason (the one recorded at scheduling does)."""
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        rule_id, subject = RuleId.ICPC_15WD, conference.strategy_discussion
        event = subject.held_on
    elif conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        subject = conference.previous
        rule_id = review_rule_after(subject)
        event = subject.day
    else:
        return  # a midway review does not reset the review cycle (MIDWAY-REVIEW)
    deadline = deadline_for(authority=conference.authority, rule_id=rule_id, subject=subject)
    if deadline is not None:
        due = deadline.due_on
    elif rules.mode(rule_id) == Mode.OFF:
        return
    else:
        due = due_date(timescale_of(rules, rule_id), event, calendar_for(conference.authority))
    why = reason.strip() or conference.late_reason
    enforce(check_deadline(rules, rule_id, due=due, acted_on=held), reason=why, field="reason")
    meet_deadline(
        authority=conference.authority,
        rule_id=rule_id,
        subject=subject,
        met_on=held,
        reason=why if held > due else "",
    )


def _update_child_plans(live: LiveConference, held: date, by: Membership) -> None:
    """The outcome reaches each child's plan in cases: a CP plan starts (start date, category), a
    continued plan is updated, an ended plan gets its end date, and a CIN plan follows where decided."""
    conference = live.conference
    authority = conference.authority
    dangers = "\n".join(i.text for i in live.dangers)
    active = {
        p.child_id: p
        for p in ChildProtectionPlan.objects.for_authority(authority).filter(
            child__in=live.children, ended_on__isnull=True
        )
    }
    for child in live.children:
        decision = live.decisions[child.pk]
        plan = active.get(child.pk)
        if decision.outcome in PLAN_OUTCOMES:
            if plan is None:
                plan = ChildProtectionPlan(
                    authority=authority, child=child, started_on=held, started_at_conference=conference
                )
            plan.category = decision.category
            if live.plan:
                plan.danger_statement = dangers or plan.danger_statement
                plan.contingency_plan = live.plan.contingency or plan.contingency_plan
                plan.bottom_lines = live.plan.bottom_lines or plan.bottom_lines
            save_with_history(plan, by=by, reason=f"{decision.get_outcome_display()} at conference")
            _copy_plan_items(live, plan, by)
        elif decision.outcome == DecisionOutcome.END_PLAN and plan is not None:
            plan.ended_on = held
            plan.ended_at_conference = conference
            plan.end_kind, plan.ended_by = PlanEndKind.REVIEW, by
            plan.end_reason = decision.rationale or "Ended at review conference"
            save_with_history(plan, by=by, reason="plan ended at review")
            _step_down(plan, getattr(decision, "step_down", None), held, by)
        elif decision.outcome == DecisionOutcome.CIN_PLAN:
            save_with_history(
                ChildInNeedPlan(authority=authority, child=child, started_on=held, notes=decision.rationale),
                by=by,
                reason="child in need plan decided at conference",
            )


def _step_down(plan: ChildProtectionPlan, step_down: StepDown | None, held: date, by: Membership) -> None:
    """STEPDOWN-CIN-3M: the child in need plan the review named starts, with its own deadline; with
    none, the head of service named on the decision is asked for their oversight."""
    if step_down is None:
        return
    if step_down.route == StepDownRoute.CIN_PLAN:
        plan_services.start_step_down_plan(by=by, plan=plan, started_on=held)
    elif step_down.route == StepDownRoute.OTHER and step_down.oversight_by_id:
        plan_services.ask_for_oversight(by=by, plan=plan, head_of_service=step_down.oversight_by)


_ITEM_KINDS = {
    OutlineItemKind.DANGER: PlanItemKind.DANGER,
    OutlineItemKind.SAFETY_GOAL: PlanItemKind.SAFETY_GOAL,
    OutlineItemKind.OUTCOME: PlanItemKind.OUTCOME,
    OutlineItemKind.ACTION: PlanItemKind.ACTION,
}


def _copy_plan_items(live: LiveConference, plan: ChildProtectionPlan, by: Membership) -> None:
    copied: dict[int, PlanItem] = {}
    # A copied action keeps the deadline the room opened for it, so changes between conferences move it.
    deadlines = plan_actions.action_deadlines(plan.authority_id, live.plan_items)
    ordered = sorted(live.plan_items, key=lambda i: i.kind != OutlineItemKind.DANGER)  # dangers first
    for item in ordered:
        kind = _ITEM_KINDS.get(item.kind)
        if kind is None:
            continue
        row = PlanItem(
            authority=plan.authority,
            plan=plan,
            kind=kind,
            text=item.text,
            answers=copied.get(item.answers_id),
            indicators=item.indicators,
            collected_by=item.collected_by,
            owner_agency=item.owner_agency,
            owner_name=item.owner_name,
            due_on=item.due_on,
            position=item.position,
            deadline=deadlines.get(item.pk),
            copied_from=item if kind == PlanItemKind.ACTION else None,
        )
        save_with_history(row, by=by, reason=COPIED_FROM_CONFERENCE)
        copied[item.pk] = row


@transaction.atomic
def hold_conference(*, conference_id: int, by: Membership, reason: str = "") -> Conference:
    """Close the conference as held. Refuses while a required item of the conference's checklist
    is not done (the one the page shows); an advised one needs `reason`, kept by rule id. Then: meets the
    conference's own deadline, opens CG1-10WD and the next review's, and updates each child's plan."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    held = conference.day
    _refuse_before_its_day(held)
    items = conference_checklist(conference, rule_set=rules, invitations=live.invitations, live=live)
    kept = go_ahead_without(items, {"*": reason}, field="reason")
    conference.rule_reasons = {**(conference.rule_reasons or {}), **kept}
    check_census_rules_on_holding(live, held)
    _met_deadline(conference, rules, held, reason)
    settle_report_deadlines(conference, reason=f"conference held on {long_date(held)} without this report")
    if live.any_plan and conference.kind != ConferenceKind.MIDWAY:
        _open_plan_deadlines(conference, rules, held, by)
    _update_child_plans(live, held, by)
    if not live.any_plan and conference.is_review:
        hooks.end_core_group(conference=conference, on=held, by=by)
    _mark_held(conference, held, by, reason)
    # The plan's actions run on where a child is on a plan; with none, they stop, and so do the
    # family's earlier actions still open once a review has ended every plan.
    plan_actions.sync_plan_actions(conference, plan_in_force=live.any_plan, rules=rules)
    if not live.any_plan:
        plan_actions.end_earlier_plan_actions(conference)
    return conference


def _refuse_before_its_day(held: date) -> None:
    if held > timezone.localdate():
        raise refusal(
            None,
            f"This conference is booked for {long_date_with_weekday(held)}: it can be closed as held "
            "on that day or after.",
        )


def _open_plan_deadlines(conference: Conference, rules: RuleSet, held: date, by: Membership) -> None:
    """A plan in force: the first core group after an initial conference (CG1-10WD, booked already
    where NEXT-DATES set it), and the next review, all counted from the day it was held."""
    if conference.kind == ConferenceKind.INITIAL:
        open_deadline(
            authority=conference.authority,
            rule_id=RuleId.CG1_10WD,
            subject=conference,
            event_on=held,
            label=f"First core group for {conference.family}",
            family_id=conference.family_id,
            responsible=conference.social_worker,
            rule_set=rules,
        )
        if conference.first_core_group_at is not None:  # booked with NEXT-DATES
            record_booking(
                authority=conference.authority,
                rule_id=RuleId.CG1_10WD,
                subject=conference,
                booked_for=timezone.localdate(conference.first_core_group_at),
                by=by,
            )
    review_rule = review_rule_after(conference)
    open_deadline(
        authority=conference.authority,
        rule_id=review_rule,
        subject=conference,
        event_on=held,
        label=f"Review conference for {conference.family}",
        family_id=conference.family_id,
        responsible=conference.chair,
        rule_set=rules,
    )


def _mark_held(conference: Conference, held: date, by: Membership, reason: str) -> None:
    conference.status = ConferenceStatus.HELD
    conference.held_on = held
    conference.version += 1
    save_with_history(
        conference,
        by=by,
        reason=reason or "conference held",
        update_fields=["status", "held_on", "version", "rule_reasons"],
    )


close_conference = hold_conference
