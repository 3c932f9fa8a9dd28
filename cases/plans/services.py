"""Writes for child protection plans and the child in need plans that follow them.

A plan starts and ends at conferences (conferences.live.closing); between conferences a manager
ends it when the child's circumstances change (moved away, looked after, turned 18, died). Keyword-
only arguments, one transaction, reads scoped to the caller's authority, history kept on every
save. The caller checks the role (MANAGERS for ending a plan)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from authorities.access import MANAGERS
from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Mode, Role
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from authorities.selectors import rule_set_in_force
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import due_date
from scheduling.models import Notification
from scheduling.services import (
    cancel_deadline,
    cancel_family_deadlines,
    deadline_for,
    meet_deadline,
    notify,
    open_deadline,
)

from .. import hooks
from ..models import ENDS_OUTSIDE_REVIEW, ChildInNeedPlan, ChildProtectionPlan, PlanEndKind

# The timescales that run only while a child of the family is on a plan: reviews, core groups,
# the plan's actions, and the reports for the next review.
PLAN_DEADLINE_RULES = (
    RuleId.RCPC1_3M,
    RuleId.RCPCN_6M,
    RuleId.CG1_10WD,
    RuleId.CG_6WK,
    RuleId.CG_2M,
    RuleId.CG_MIN2,
    RuleId.OUTCOME,
    RuleId.REPORT_2WD,
    RuleId.SW_REPORT,
)
STEPDOWN = RuleId.STEPDOWN_CIN_3M
# Ending a child in need plan is case work: the social worker who keeps the case, and managers.
CIN_ENDERS = MANAGERS | {Role.SOCIAL_WORKER}


def _check_end_date(started_on: date, ended_on: date | None, *, field: str = "ended_on") -> date:
    if ended_on is None:
        raise refusal(field, "Enter the date the plan ended.")
    if ended_on > timezone.localdate():
        raise refusal(field, "The date the plan ended cannot be in the future.")
    if ended_on < started_on:
        raise refusal(field, f"The plan started on {long_date(started_on)}: it cannot end before that.")
    return ended_on


@transaction.atomic
def end_plan(
    *, by: Membership, plan_id: int, end_kind: str, ended_on: date | None, details: str = ""
) -> ChildProtectionPlan:
    """End a child protection plan between conferences. Once no child of the family is on a plan,
    the family's review, core group, action and report deadlines stop with this reason in their
    history, and its core group is closed. While a brother or sister is still on a plan those
    timescales run on: they belong to the family's conferences, not to one child."""
    plan = (
        ChildProtectionPlan.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("child__family")
        .get(pk=plan_id)
    )
    if plan.ended_on is not None:
        raise refusal(None, f"This plan already ended on {long_date(plan.ended_on)}.")
    if end_kind not in ENDS_OUTSIDE_REVIEW:
        choices = ", ".join(str(PlanEndKind(k).label).lower() for k in ENDS_OUTSIDE_REVIEW)
        raise refusal("end_kind", f"Choose why the plan ends: {choices}.")
    _check_end_date(plan.started_on, ended_on)
    label = str(PlanEndKind(end_kind).label)
    plan.ended_on, plan.end_kind, plan.ended_by = ended_on, end_kind, by
    plan.end_reason = details.strip() or label
    save_with_history(plan, by=by, reason=f"plan ended: {label[:1].lower()}{label[1:]}")
    family = plan.child.family
    still_on_a_plan = (
        ChildProtectionPlan.objects.for_authority(by.authority).active().filter(child__family=family).exists()
    )
    if not still_on_a_plan:
        why = f"Plan ended on {long_date(ended_on)}: {label[:1].lower()}{label[1:]}"
        for rule_id in PLAN_DEADLINE_RULES:
            cancel_family_deadlines(authority=by.authority, family_id=family.pk, rule_id=rule_id, reason=why)
        hooks.close_core_group(family=family, on=ended_on, by=by, reason=why)
    return plan


# --- step-down: the child in need plan after a child protection plan ---------------------------


def start_step_down_plan(
    *, by: Membership, plan: ChildProtectionPlan, started_on: date, notes: str = ""
) -> ChildInNeedPlan:
    """STEPDOWN-CIN-3M: the child in need plan a review named when it ended `plan`, with its own
    deadline: the three-month point, its first review and the earliest it may end without a
    reason (where the rule is off, the plan starts with no deadline)."""
    cin = ChildInNeedPlan(
        authority=plan.authority, child=plan.child, started_on=started_on, stepped_down_from=plan, notes=notes
    )
    save_with_history(cin, by=by, reason="Child in need plan after the CP plan (STEPDOWN-CIN-3M)")
    family = plan.child.family
    open_deadline(
        authority=plan.authority,
        rule_id=STEPDOWN,
        subject=cin,
        event_on=started_on,
        label=f"Child in need plan for {plan.child.first_name}: three-month review",
        family_id=family.pk,
        responsible=family.social_worker or by,
    )
    return cin


def minimum_end(cin: ChildInNeedPlan) -> date | None:
    """The first day a stepped-down child in need plan may end without a reason (STEPDOWN-CIN-3M),
    or None where no minimum applies."""
    if cin.stepped_down_from_id is None:
        return None
    deadline = deadline_for(authority=cin.authority_id, rule_id=STEPDOWN, subject=cin)
    if deadline is not None:
        return deadline.due_on
    rules = rule_set_in_force(cin.authority_id, on=cin.started_on)
    if rules.mode(STEPDOWN) == Mode.OFF:
        return None
    return due_date(timescale_of(rules, STEPDOWN), cin.started_on, calendar_for(cin.authority_id))


@transaction.atomic
def end_in_need_plan(
    *, by: Membership, plan_id: int, ended_on: date | None, reason: str = ""
) -> ChildInNeedPlan:
    """End a child in need plan. One that followed a child protection plan lasts at least the
    step-down period: ending it sooner needs a reason (advised) or is refused (required)."""
    cin = ChildInNeedPlan.objects.for_authority(by.authority).select_for_update(of=("self",)).get(pk=plan_id)
    if cin.ended_on is not None:
        raise refusal(None, f"This child in need plan already ended on {long_date(cin.ended_on)}.")
    _check_end_date(cin.started_on, ended_on)
    earliest = minimum_end(cin)
    if earliest is not None:
        rules = rule_set_in_force(by.authority, on=ended_on)
        early = ended_on < earliest
        enforce(
            check_rule(
                rules,
                STEPDOWN,
                satisfied=not early,
                message=f"a child in need plan after a child protection plan runs until at least "
                f"{long_date(earliest)}; {long_date(ended_on)} is earlier",
                minimum=True,
            ),
            reason=reason,
            field="reason",
        )
        if early:
            cancel_deadline(
                authority=by.authority, rule_id=STEPDOWN, subject=cin, reason=f"ended early: {reason.strip()}"
            )
        else:
            meet_deadline(authority=by.authority, rule_id=STEPDOWN, subject=cin, met_on=ended_on)
    cin.ended_on, cin.ended_by = ended_on, by
    cin.end_reason = reason.strip()
    save_with_history(cin, by=by, reason=f"child in need plan ended: {reason.strip() or 'ended'}")
    return cin


def ask_for_oversight(*, by: Membership, plan: ChildProtectionPlan, head_of_service: Membership) -> None:
    """STEPDOWN-CIN-3M: a plan ended with no child in need plan is overseen by the head of service
    named on the decision, who is told (by case reference only: e-mails leave the system) and
    asked to record their follow-up with the team manager."""
    plan.oversight_by = head_of_service
    save_with_history(
        plan, by=by, reason="Head of service oversight (STEPDOWN-CIN-3M)", update_fields=["oversight_by"]
    )
    family = plan.child.family
    notify(
        authority=plan.authority,
        recipient=head_of_service.user,
        kind=Notification.Kind.PLAN_CHANGE,
        subject=f"A plan ended with no child in need plan: case {family.case_reference}"[:300],
        body="You are named to oversee this (STEPDOWN-CIN-3M). Record your follow-up with the team manager.",
        url=reverse("cases:plan-oversight", kwargs={"authority_slug": plan.authority.slug, "pk": plan.pk}),
        dedupe_key=f"stepdown-oversight-{plan.pk}",
    )


@transaction.atomic
def record_oversight(
    *, by: Membership, plan_id: int, team_manager_id: int | None, follow_up: str, on: date | None
) -> ChildProtectionPlan:
    """The head of service records their follow-up with the team manager (STEPDOWN-CIN-3M)."""
    plan = (
        ChildProtectionPlan.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .get(pk=plan_id)
    )
    if plan.oversight_by_id is None:
        raise refusal(None, "No head of service was asked to oversee the end of this plan.")
    if by.role != Role.HEAD_OF_SERVICE:
        raise refusal(None, "Only a head of service records the oversight of a step-down.")
    team_manager = (
        Membership.objects.for_authority(by.authority)
        .filter(pk=team_manager_id, role=Role.TEAM_MANAGER, is_active=True)
        .first()
        if team_manager_id
        else None
    )
    if team_manager is None:
        raise refusal("team_manager", "Choose the team manager you followed this up with.")
    if not follow_up.strip():
        raise refusal("follow_up", "Say what you agreed with the team manager.")
    if on is None or on > timezone.localdate():
        raise refusal("on", "Enter the date of the follow-up: today or earlier.")
    plan.oversight_team_manager, plan.oversight_follow_up = team_manager, follow_up.strip()
    plan.oversight_recorded_on = on
    save_with_history(plan, by=by, reason="Head of service follow-up recorded (STEPDOWN-CIN-3M)")
    return plan
