"""The live page as the conference runs: one step at a time, each its own URL (`?step=`), in the
agenda's order, with each step's progress read from the conference's checklist (so the steps, the
checklist and the close never disagree)."""

from __future__ import annotations

from dataclasses import dataclass

from authorities.rules.ids import RuleId
from conferences.checklist import CheckItem
from conferences.models import Conference, ConferenceStatus
from conferences.selectors import LiveConference


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    template: str
    done: bool
    needs: int = 0  # checklist items of this step still outstanding


# Where each checklist item is recorded on the page; items recorded before the day show on "start".
_ROOM_STEPS = {
    RuleId.SCORE_ALL_ZERO: "opinions",
    RuleId.SCORE_MAJ_ABOVE_5: "opinions",
    RuleId.ALL_CHILDREN: "decisions",
    RuleId.LONG_PLAN: "long-plan",
    RuleId.OUTCOME: "plan",
    RuleId.PLAN_KINDS: "plan",
    RuleId.CG_SEE_CHILD: "plan",
    RuleId.NEXT_DATES: "next",
    RuleId.CHILD_PARTICIPATION: "next",
}

# A failed form is shown again on the step it belongs to (keys: page_context.Failure).
_FAILURE_STEPS = {
    "start": "start",
    "attendance": "attendance",
    "quorum": "attendance",
    "adjourn": "attendance",
    "agenda": "agenda",
    "parent": "parents",
    "correction": "parents",
    "opinion": "opinions",
    "trigger": "opinions",
    "decision": "decisions",
    "dissent": "decisions",
    "long-plan": "long-plan",
    "plan": "plan",
    "item": "plan",
    "action-due": "plan",
    "teller": "next",
    "dates": "next",
    "members": "next",
    "close": "close",
}

# Where a saved form sends the chair back to (the anchor of views._url).
_ANCHOR_STEPS = (
    ("attendance", "attendance"),
    ("agenda", "agenda"),
    ("parents-views", "parents"),
    ("child-", "opinions"),
    ("decision", "decisions"),
    ("long-plan", "long-plan"),
    ("plan", "plan"),
    ("after", "next"),
    ("next-dates", "next"),
)


def step_of(item: CheckItem) -> str:
    if item.rule_id == RuleId.PARENT_VIEWS:
        return "parents"
    return _ROOM_STEPS.get(item.rule_id, "close") if item.in_the_room else "start"


def step_for_failure(key: tuple | None) -> str | None:
    return _FAILURE_STEPS.get(key[0]) if key else None


def step_for_anchor(anchor: str) -> str | None:
    return next((step for prefix, step in _ANCHOR_STEPS if anchor.startswith(prefix)), None)


def _outstanding(items: list[CheckItem], key: str) -> int:
    return sum(1 for i in items if step_of(i) == key and not i.settled)


def steps(
    conference: Conference, state: LiveConference, items: list[CheckItem], *, long_plan: bool
) -> list[Step]:
    started = conference.status != ConferenceStatus.SCHEDULED
    opinions_given = all(state.opinions_by_child.get(c.pk) for c in state.children)
    decided = len(state.decisions) == len(state.children)
    rows = [
        ("start", "Before the start", "_step_start.html", started),
        ("attendance", "Attendance and quorum", "_attendance.html", started and state.quorum.may_proceed),
        ("agenda", "Agenda", "_step_agenda.html", bool(state.notes)),
        ("parents", "Parents' views", "_step_parents.html", bool(state.parent_views)),
        ("opinions", "Opinions", "_step_opinions.html", bool(state.children) and opinions_given),
        ("decisions", "Decisions", "_step_decisions.html", decided),
        ("long-plan", "Long and repeat plans", "_step_long_plan.html", True),
        ("plan", "Outline plan", "_step_plan.html", decided),
        ("next", "Next dates and the child", "_step_next.html", bool(conference.outcome_told_by)),
        ("close", "Close", "_step_close.html", conference.status == ConferenceStatus.HELD),
    ]
    found = []
    for key, label, template, done in rows:
        if key == "long-plan" and not long_plan:
            continue
        needs = _outstanding(items, key)
        found.append(Step(key, label, f"conferences/live/{template}", done and not needs, needs))
    return found


def current_step(all_steps: list[Step], asked: str | None, conference: Conference) -> Step:
    by_key = {s.key: s for s in all_steps}
    if asked in by_key:
        return by_key[asked]
    if conference.status == ConferenceStatus.SCHEDULED:
        return by_key["start"]
    if conference.status in (ConferenceStatus.HELD,):
        return by_key["close"]
    return by_key["attendance"]
