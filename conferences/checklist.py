"""What the rules ask of one conference, as one list: the preparation page, the live page's
checklist, the prompts at the start and the close check all read it, so the page can never say
"everything is recorded" while a rule still says "not yet", and the close never lets through what
the page shows as missing.

Each item is answered by the one rule check (`check_rule`): a required item not done refuses, an
advised one asks for a reason (kept in `Conference.rule_reasons`, so it is asked once), a rule that
is off is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from authorities.human_dates import long_date
from authorities.models import RuleSet
from authorities.rules.checks import RuleAnswer, RuleViolation, check_rule
from authorities.rules.ids import RuleId

from .models import Conference, ConferenceKind, Invitation, InviteeKind, OutlineItemKind, ParentView

if TYPE_CHECKING:
    from .selectors import LiveConference

# Asked for when the chair starts the conference: going ahead without them is the moment to say why.
AT_START = (RuleId.PRE_MEET, RuleId.SEPARATE, RuleId.FAMILY_NEEDS)


@dataclass(frozen=True)
class CheckItem:
    rule_id: str
    title: str
    done: bool
    detail: str  # what is recorded, or in words what is still needed
    answer: RuleAnswer
    mode: str
    in_the_room: bool = False  # recorded at the conference itself, not before it
    reason: str = ""  # why the conference went ahead without it (advised rules)

    @property
    def at_start(self) -> bool:
        return self.rule_id in AT_START

    @property
    def settled(self) -> bool:
        """Nothing more is needed: done, or an advised rule answered with a reason."""
        return self.answer.ok or (self.answer.advised and bool(self.reason))

    @property
    def refuses(self) -> bool:
        return self.answer.refused

    @property
    def asks_reason(self) -> bool:
        return not self.settled and self.answer.advised and self.answer.needs_reason


def _item(
    rules: RuleSet,
    conference: Conference,
    in_the_room: bool,
    rule_id: str,
    title: str,
    done: bool,
    detail: str,
    needed: str,
) -> CheckItem | None:
    if not rules.is_on(rule_id):
        return None
    answer = check_rule(rules, rule_id, satisfied=done, message=needed)
    return CheckItem(
        rule_id=rule_id,
        title=title,
        done=done,
        detail=detail if done else needed[:1].upper() + needed[1:],
        answer=answer,
        mode=rules.setting(rule_id).get_mode_display(),
        in_the_room=in_the_room,
        reason=(conference.rule_reasons or {}).get(rule_id, ""),
    )


def _has_family_needs(conference: Conference) -> bool:
    try:
        return conference.family_needs is not None
    except Conference.family_needs.RelatedObjectDoesNotExist:
        return False


def _before(
    conference: Conference, rules: RuleSet, invitations: list[Invitation], views: list[ParentView], children
):
    parents = [i for i in invitations if i.kind == InviteeKind.PARENT]
    children_invited = {i.child_id for i in invitations if i.kind == InviteeKind.CHILD and i.child_id}
    missing_children = [c for c in children if c.pk not in children_invited]
    shared = bool(conference.sw_report_shared_family_on and conference.sw_report_shared_professionals_on)
    yield (
        RuleId.FAMILY_INVITE,
        "Family members invited (how and when)",
        bool(parents) and all(i.invited_at for i in parents),
        f"{len(parents)} parent or carer invitation{'s' if len(parents) != 1 else ''} recorded",
        "record how and when each parent or carer was invited",
    )
    yield (
        RuleId.CHILD_PARTICIPATION,
        "Each child's participation recorded",
        not missing_children,
        f"{len(children)} of {len(children)} recorded",
        "record the participation of " + ", ".join(str(c) for c in missing_children),
    )
    yield (
        RuleId.FAMILY_NEEDS,
        "Family needs recorded",
        _has_family_needs(conference),
        "Recorded",
        "record the family's needs (advocacy, interpreter, transport, childcare, accessibility)",
    )
    yield (
        RuleId.SEPARATE,
        "Separate attendance arrangements considered",
        bool(conference.separate_attendance),
        conference.separate_attendance,
        "record whether the parents need separate attendance arrangements",
    )
    yield (
        RuleId.PRE_MEET,
        "Chair's pre-meeting with parents",
        bool(conference.pre_meeting_on),
        f"Held {long_date(conference.pre_meeting_on)}" if conference.pre_meeting_on else "",
        "record the chair's meeting with the parents before the conference",
    )
    yield (
        RuleId.SW_REPORT,
        "Social worker's report shared",
        shared,
        "Shared with the professionals and the family",
        "share the social worker's report with the professionals and the family",
    )
    unheard = _parents_unheard(parents, views)
    yield (
        RuleId.PARENT_VIEWS,
        "Parents' views, or why they were not given",
        bool(views) and not unheard,
        f"{len(views)} recorded",
        "record the views of " + ", ".join(unheard) + ", or why they were not given"
        if unheard
        else "record the parents' views, or why they were not given",
    )


def _parents_unheard(parents: list[Invitation], views: list[ParentView]) -> list[str]:
    heard_people = {v.person_id for v in views if v.person_id}
    heard_names = {v.name.strip().lower() for v in views}
    return [
        p.name
        for p in parents
        if not (p.person_id and p.person_id in heard_people) and p.name.strip().lower() not in heard_names
    ]


def _in_the_room(live: LiveConference):
    conference, rules = live.conference, live.rule_set
    undecided = [c for c in live.children if c.pk not in live.decisions]
    yield (
        RuleId.ALL_CHILDREN,
        "A decision for every child",
        not undecided,
        "Decided",
        "no decision yet for " + ", ".join(str(c) for c in undecided),
    )
    for child in live.children:
        tally = live.tallies[child.pk]
        for rule_id, fired in (
            (RuleId.SCORE_ALL_ZERO, tally.all_zero_fires),
            (RuleId.SCORE_MAJ_ABOVE_5, tally.majority_above_fires),
        ):
            if fired:
                yield (
                    rule_id,
                    f"The chair's response to the scores for {child}",
                    (child.pk, rule_id) in live.trigger_responses,
                    "Recorded",
                    f"the scores for {child} need the chair's response",
                )
    if live.any_plan:
        yield from _plan_items(live, rules)
        dates = []
        if not conference.next_review_on:
            dates.append("the date of the next review")
        if conference.kind == ConferenceKind.INITIAL and not conference.first_core_group_at:
            dates.append("the first core group")
        if not live.core_group_members:
            dates.append("the core group members")
        yield (
            RuleId.NEXT_DATES,
            "Next dates and core group members",
            not dates,
            "Booked",
            "book " + ", ".join(dates),
        )
    for row in live.long_plan_rows():
        yield (
            RuleId.LONG_PLAN,
            f"The long-plan question for {row.child}",
            row.answer is not None,
            "Answered",
            f"answer the question for {row.child}: {row.question[:1].lower()}{row.question[1:]}",
        )
    yield from _before_review(live)
    yield (
        RuleId.CHILD_PARTICIPATION,
        "Who tells the child the outcome",
        bool(conference.outcome_told_by.strip()),
        conference.outcome_told_by,
        "record who tells the child the outcome",
    )


def _before_review(live: LiveConference):
    """CG-PRE-REVIEW and DELIST-CONVERSATION: a review hears the core group's recommendation for each
    plan, and the chair has talked with the social worker or team manager first when an end is
    recommended at the first review or the plan has changed (the briefing comes from core groups)."""
    briefing = live.before_review
    if briefing is None:
        return
    yield (
        RuleId.CG_PRE_REVIEW,
        "The core group's recommendation to this review",
        not briefing.without_recommendation,
        "Recorded",
        "no core group before this review recorded its recommendation (continue or end the plan, and "
        f"why) for {briefing.missing_names}",
    )
    yield (
        RuleId.DELIST_CONVERSATION,
        "The chair's conversation before the review",
        not briefing.conversation_needed,
        "Recorded",
        "record the chair's conversation with the social worker or team manager before the review: "
        + "; ".join(briefing.conversation_reasons),
    )


def _plan_items(live: LiveConference, rules: RuleSet):
    missing = []
    if not live.dangers:
        missing.append("a danger statement")
    if not live.items_of(OutlineItemKind.SAFETY_GOAL):
        missing.append("a safety goal")
    if not (live.plan and live.plan.contingency.strip()):
        missing.append("the contingency plan")
    if not (live.plan and live.plan.bottom_lines.strip()):
        missing.append("the bottom lines")
    if not live.items_of(OutlineItemKind.ACTION):
        missing.append("an action with its owner and date")
    yield (
        RuleId.OUTCOME,
        "The outline plan",
        not missing,
        "Recorded",
        "the plan needs " + ", ".join(missing),
    )
    if rules.is_on(RuleId.PLAN_KINDS):
        yield (
            RuleId.PLAN_KINDS,
            "How often each kind of plan is reviewed",
            bool(
                live.plan and live.plan.resource_plan_review.strip() and live.plan.safety_plan_review.strip()
            ),
            "Recorded",
            "say how often the resource plan and the safety plan are reviewed",
        )
    if rules.is_on(RuleId.CG_SEE_CHILD):
        yield (
            RuleId.CG_SEE_CHILD,
            "How often each core group member sees the child",
            bool(live.items_of(OutlineItemKind.CONTACT)),
            "Recorded",
            "say how often each core group member sees the child",
        )


def conference_checklist(
    conference: Conference,
    *,
    rule_set: RuleSet,
    invitations: list[Invitation],
    parent_views: list[ParentView] | None = None,
    live: LiveConference | None = None,
) -> list[CheckItem]:
    """Every rule-set item for this conference, in the order the chair meets it: preparation, then
    (given the live state) what the room must record before the close."""
    if parent_views is None:
        parent_views = live.parent_views if live else list(conference.parent_views.all())
    children = live.children if live else list(conference.children.all())
    rows = [(False, *row) for row in _before(conference, rule_set, invitations, parent_views, children)]
    if live is not None:
        rows += [(True, *row) for row in _in_the_room(live)]
    items = (_item(rule_set, conference, *row) for row in rows)
    return [item for item in items if item is not None]


def outstanding(items: list[CheckItem]) -> list[CheckItem]:
    return [item for item in items if not item.settled]


def go_ahead_without(
    items: list[CheckItem], reasons: dict[str, str], *, field: str | None = None
) -> dict[str, str]:
    """Refuse on the first required item not done (naming its rule); an advised one needs a reason.
    `reasons` maps a rule id to its reason ("*" for one reason covering every advised item); a
    refusal names `field`, or the item's own `reason_<rule id>` field. Returns the reasons to keep."""
    kept: dict[str, str] = {}
    for item in outstanding(items):
        if item.refuses:
            raise RuleViolation(item.answer, field=field or f"reason_{item.rule_id}")
        reason = (reasons.get(item.rule_id) or reasons.get("*") or "").strip()
        if item.answer.needs_reason and not reason:
            raise RuleViolation(item.answer, field=field or f"reason_{item.rule_id}")
        if reason:
            kept[item.rule_id] = reason
    return kept
