"""The CIN census's entry rules that a conference settles: checked when the chair holds it.

Holding a conference writes the dates the census sends (DateOfInitialCPC, CPPstartDate,
CPPendDate, CPPreviewDate) and each plan's category, so this is the moment to refuse what the
department's validation would refuse. Each refusal names its data rule
(authorities.rules.catalogue.DATA_RULES).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from authorities.human_dates import long_date
from authorities.rules.checks import data_rule_violation
from cases.census_codes import CENSUS_CATEGORY
from cases.models import ChildProtectionPlan

from .models import ConferenceKind, DecisionOutcome
from .selectors import PLAN_OUTCOMES, LiveConference


def check_icpc_after_section47(
    *, discussion_held_on: date | None, day: date, field: str = "starts_at"
) -> None:
    """CENSUS-ICPC-DATE: an initial conference is not before the section 47 start."""
    if discussion_held_on is not None and day < discussion_held_on:
        raise data_rule_violation(
            "CENSUS-ICPC-DATE",
            f"the initial conference cannot be before the strategy discussion that started the section 47 "
            f"enquiries ({long_date(discussion_held_on)}).",
            field=field,
        )


def check_census_rules_on_holding(live: LiveConference, held: date) -> None:
    """Refuse holding a conference whose outcome would put data the census rejects into the plans."""
    conference = live.conference
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        check_icpc_after_section47(
            discussion_held_on=conference.strategy_discussion.held_on, day=held, field="reason"
        )
    open_plans = list(
        ChildProtectionPlan.objects.for_authority(conference.authority).filter(
            child__in=live.children, ended_on__isnull=True
        )
    )
    counts = Counter(plan.child_id for plan in open_plans)
    plan_of = {plan.child_id: plan for plan in open_plans}
    for child in live.children:
        if counts[child.pk] > 1:
            raise data_rule_violation(
                "CENSUS-ONE-PLAN",
                f"{child.full_name} has {counts[child.pk]} open child protection plans; end all but one "
                "before holding this conference.",
                field="reason",
            )
        decision = live.decisions.get(child.pk)
        if decision is None:
            continue
        plan = plan_of.get(child.pk)
        if decision.outcome in PLAN_OUTCOMES and decision.category not in CENSUS_CATEGORY:
            raise data_rule_violation(
                "CENSUS-CATEGORY",
                f"choose a category of harm for {child.full_name} from the census list "
                "(neglect, physical, sexual or emotional abuse).",
                field="reason",
            )
        if plan is None:
            continue
        if decision.outcome == DecisionOutcome.END_PLAN and held <= plan.started_on:
            raise data_rule_violation(
                "CENSUS-PLAN-DATES",
                f"{child.full_name}'s plan cannot end on or before the day it started "
                f"({long_date(plan.started_on)}).",
                field="reason",
            )
        if conference.is_review and held <= plan.started_on:
            raise data_rule_violation(
                "CENSUS-REVIEW-DATE",
                f"a review of {child.full_name}'s plan must be after the day it started "
                f"({long_date(plan.started_on)}).",
                field="reason",
            )
