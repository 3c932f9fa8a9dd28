"""What the chair's live page shows: every panel's data and form, a refused form kept in its place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.utils import timezone

from authorities.models import Membership, Role, Venue
from authorities.rules.ids import RuleId
from cases.selectors import today_for
from conferences import hooks
from conferences.checklist import CheckItem, conference_checklist
from conferences.models import Conference, ConferenceKind, ConferenceStatus, OutlineItemKind, ViewsRoute
from conferences.selectors import LiveConference

from . import forms as live_forms
from . import plan_actions, steps
from . import services as live
from .plan_changes import plan_changes_context
from .start_forms import StartForm


@dataclass
class Failure:
    """A form that was refused, to show again in its place."""

    key: tuple
    form: object
    stale: live.StaleEdit | None = None


def lazy(build: Callable):
    """A context value worked out only if the template reads it, and then once. The page shows one
    step at a time; Django's template engine calls a callable it finds in the context, so the
    other steps' forms and reads (a dozen forms, a few queries) cost nothing."""
    return cache(build)


class _Forms:
    """Builds each form of the page (lazily), or gives back the refused one where its key matches."""

    def __init__(self, failure: Failure | None) -> None:
        self.failure = failure

    def __call__(self, key: tuple, build: Callable):
        if self.failure is not None and self.failure.key == key:
            return self.failure.form
        return lazy(build)


def checklist(state: LiveConference) -> list[CheckItem]:
    """The conference's checklist: the same items the start and the close check."""
    return conference_checklist(
        state.conference, rule_set=state.rule_set, invitations=state.invitations, live=state
    )


def start_prompts(state: LiveConference) -> list[CheckItem]:
    return [i for i in checklist(state) if i.at_start and not i.settled]


def _agenda(request: HttpRequest, state: LiveConference, failure: Failure | None, form: _Forms):
    section_key = request.GET.get("section") or (state.agenda[0]["key"] if state.agenda else "")
    if failure is not None and failure.key[0] == "agenda":
        section_key = failure.key[1]
    section = next(
        (s for s in state.agenda if s["key"] == section_key), state.agenda[0] if state.agenda else None
    )
    note = state.notes.get(section["key"]) if section else None
    agenda_form = form(
        ("agenda", section["key"] if section else ""),
        lambda: live_forms.AgendaNoteForm(
            initial={
                "section": section["key"],
                "version": note.version if note else 0,
                "text": note.text if note else "",
            },
            prefix="agenda",
        ),
    )
    return section, note, agenda_form


def _allow_trigger_actions(trigger_form, rule_id: str):
    """Only the answers this trigger takes (escalate or discuss, or decline)."""
    allowed = ("escalated", "declined") if rule_id == RuleId.SCORE_ALL_ZERO else ("discussed", "declined")
    trigger_form.fields["action"].choices = [
        c for c in trigger_form.fields["action"].choices if c[0] in allowed
    ]
    return trigger_form


def _triggers(child, tally, state: LiveConference, form: _Forms) -> list[dict]:
    triggers = []
    for rule_id, fired in (
        (RuleId.SCORE_ALL_ZERO, tally.all_zero_fires),
        (RuleId.SCORE_MAJ_ABOVE_5, tally.majority_above_fires),
    ):
        if fired:
            response = state.trigger_responses.get((child.pk, rule_id))
            trigger_form = form(
                ("trigger", child.pk, rule_id),
                lambda child=child, rule_id=rule_id: _allow_trigger_actions(
                    live_forms.TriggerForm(
                        initial={"child": child.pk, "rule_id": rule_id},
                        prefix=f"trigger-{child.pk}-{rule_id}",
                    ),
                    rule_id,
                ),
            )
            if not callable(trigger_form):  # the refused form, shown again
                _allow_trigger_actions(trigger_form, rule_id)
            triggers.append({"rule_id": rule_id, "response": response, "form": trigger_form})
    return triggers


def _child_rows(state: LiveConference, form: _Forms, heads: Callable[[], list[Membership]]) -> list[dict]:
    rows = []
    for child in state.children:
        tally = state.tallies[child.pk]
        decision = state.decisions.get(child.pk)
        rows.append(
            {
                "child": child,
                "tally": tally,
                "triggers": _triggers(child, tally, state, form),
                "decision": decision,
                "opinion_form": form(
                    ("opinion", child.pk),
                    lambda child=child: live_forms.OpinionForm(
                        initial={"child": child.pk}, prefix=f"opinion-{child.pk}", live=state
                    ),
                ),
                "decision_form": form(
                    ("decision", child.pk),
                    lambda child=child, decision=decision: live_forms.DecisionForm(
                        initial={
                            "child": child.pk,
                            "outcome": decision.outcome if decision else None,
                            "category": decision.category if decision else "",
                            "rationale": decision.rationale if decision else "",
                        },
                        prefix=f"decision-{child.pk}",
                        live=state,
                        heads_of_service=heads(),
                    ),
                ),
                "dissent_form": (
                    form(
                        ("dissent", decision.pk),
                        lambda decision=decision: live_forms.DissentForm(
                            initial={"decision": decision.pk}, prefix=f"dissent-{decision.pk}", live=state
                        ),
                    )
                    if decision
                    else None
                ),
            }
        )
    return rows


def _actions(conference: Conference, state: LiveConference, can_edit: bool, form: _Forms) -> list:
    actions = state.items_of(OutlineItemKind.ACTION)
    if actions:
        # Overdue or done, as of today (the engine, not last night's sweep).
        today = today_for(conference.authority, rules=False)
        for item in actions:
            item.deadline_view = today.view(state.action_deadlines.get(item.pk))
            if can_edit and item.done_on is None:
                item.due_form = form(
                    ("action-due", item.pk),
                    lambda item=item: live_forms.ActionDueForm(
                        initial={"item": item.pk, "due_on": item.due_on}, prefix=f"due-{item.pk}"
                    ),
                )
    return actions


def _plan_form(state: LiveConference, form: _Forms):
    plan = state.plan
    return form(
        ("plan",),
        lambda: live_forms.PlanForm(
            initial={
                "version": plan.version if plan else 0,
                "contingency": plan.contingency if plan else "",
                "bottom_lines": plan.bottom_lines if plan else "",
                "resource_plan_review": plan.resource_plan_review if plan else "",
                "safety_plan_review": plan.safety_plan_review if plan else "",
            },
            prefix="plan",
            live=state,
        ),
    )


def _long_plan(conference: Conference, state: LiveConference, form: _Forms) -> list[dict]:
    return [
        {
            "row": row,
            "form": form(
                ("long-plan", row.child.pk),
                lambda row=row: live_forms.LongPlanForm(
                    initial={"child": row.child.pk, "answer": row.answer.answer if row.answer else ""},
                    prefix=f"long-plan-{row.child.pk}",
                ),
            ),
        }
        for row in state.long_plan_rows()
    ]


def _members_initial(state: LiveConference) -> dict:
    """The core group as saved: invitees (by account, family member or name), family members not
    invited, and anyone else by name, so the form shows what was saved."""
    members = state.core_group_members
    # A family member shows under "Family members" (the people list), however they were chosen.
    people = [str(m.person_id) for m in members if m.person_id]
    chosen, covered = [], {m.pk for m in members if m.person_id}
    for invitation in state.invitations:
        match = next(
            (
                m
                for m in members
                if m.pk not in covered
                and (
                    (invitation.membership_id and invitation.membership_id == m.membership_id)
                    or invitation.name == m.name
                )
            ),
            None,
        )
        if match is not None:
            chosen.append(str(invitation.pk))
            covered.add(match.pk)
    others = [f"{m.name}, {m.role_label}".rstrip(", ") for m in members if m.pk not in covered]
    return {"invitations": chosen, "people": people, "other_names": "\n".join(others)}


def _closing_forms(conference: Conference, state: LiveConference, proposal, venues, form: _Forms) -> dict:
    """The close step's forms; `proposal` and `venues` are lazy (read only with the dates form)."""
    return {
        "teller_form": form(
            ("teller",),
            lambda: live_forms.OutcomeTellerForm(
                initial={"version": conference.version, "outcome_told_by": conference.outcome_told_by},
                prefix="teller",
            ),
        ),
        "dates_form": form(("dates",), lambda: _dates_form(conference, state, proposal(), venues())),
        "members_form": form(
            ("members",),
            lambda: live_forms.MembersForm(initial=_members_initial(state), prefix="members", live=state),
        ),
        "close_form": form(("close",), lambda: live_forms.CloseForm(prefix="close")),
    }


def _dates_form(conference: Conference, state: LiveConference, proposal, venues) -> live_forms.NextDatesForm:
    return live_forms.NextDatesForm(
        initial={
            "first_core_group_at": conference.first_core_group_at
            or (f"{proposal.core_group_due.isoformat()}T10:00" if proposal.core_group_due else None),
            "next_review_on": conference.next_review_on or proposal.review_due,
            "venue": conference.first_core_group_venue_id,
        },
        prefix="dates",
        live=state,
        venues=venues,
    )


def page_context(
    request: HttpRequest, conference: Conference, state: LiveConference, failure: Failure | None = None
) -> dict:
    """The live page's template context. What only some steps show is lazy (see `lazy`)."""
    can_edit = conference.chair_id == request.membership.pk and conference.status in live.LIVE_STATUSES
    form = _Forms(failure)
    items = checklist(state)
    long_plan = _long_plan(conference, state, form)
    all_steps = steps.steps(conference, state, items, long_plan=bool(long_plan))
    asked = steps.step_for_failure(failure.key if failure else None) or request.GET.get("step")
    step = steps.current_step(all_steps, asked, conference)
    proposal = lazy(lambda: live.propose_next_dates(conference, state.rule_set))
    return {
        "conference": conference,
        "live": state,
        "rules": state.rule_set,
        "quorum": state.quorum,
        "can_edit": can_edit,
        "started": conference.status == ConferenceStatus.IN_PROGRESS,
        "rows": _child_rows(state, form, lazy(lambda: _heads_of_service(conference, state, can_edit))),
        "proposal": proposal,
        "checklist": items,
        "long_plan": long_plan,
        "today": timezone.localdate(),
        "outstanding": [i for i in items if not i.settled],
        "failure": failure,
        "attendance_error": failure.form if failure and failure.key[0] == "attendance" else None,
        **_steps_context(all_steps, step, conference, state),
        **_rules_context(state),
        **_agenda_context(request, state, failure, form),
        # Only the plan step shows the outline plan (the checks read it once a plan is decided).
        **(_plan_context(request, conference, state, can_edit, form) if step.key == "plan" else {}),
        **_start_and_side_forms(state, items, form),
        **_closing_forms(conference, state, proposal, lazy(lambda: _venues(conference, can_edit)), form),
        "plan_changes": lazy(lambda: plan_changes_context(conference, state.rule_set)["plan_changes"]),
    }


def _heads_of_service(conference: Conference, state: LiveConference, can_edit: bool) -> list[Membership]:
    """STEPDOWN-CIN-3M: whom the decision form offers as the head of service told of a step-down."""
    if not (can_edit and conference.offers_step_down(state.rule_set)):
        return []
    return list(
        Membership.objects.for_authority(conference.authority)
        .filter(role=Role.HEAD_OF_SERVICE, is_active=True)
        .select_related("user")
    )


def _venues(conference: Conference, can_edit: bool) -> list[Venue]:
    """Where the first core group may meet (an initial conference books it)."""
    if conference.kind != ConferenceKind.INITIAL or not can_edit:
        return []
    return list(Venue.objects.for_authority(conference.authority).filter(is_active=True))


def _steps_context(all_steps: list, step, conference: Conference, state: LiveConference) -> dict:
    at = all_steps.index(step)
    return {
        "steps": all_steps,
        "step": step,
        "step_number": at + 1,
        "steps_done": sum(1 for s in all_steps if s.done),
        "previous_step": all_steps[at - 1] if at else None,
        "next_step": all_steps[at + 1] if at + 1 < len(all_steps) else None,
        # NON-ATTEND-LETTER: shown before the start, so asked only there.
        "earlier_absences": hooks.earlier_absences(conference, state.rule_set) if step.key == "start" else [],
    }


def _rules_context(state: LiveConference) -> dict:
    rules = state.rule_set
    scaling = rules.values(RuleId.SCALING) if rules.is_on(RuleId.SCALING) else {}
    return {
        "item_kinds": [
            (k, label)
            for k, label in OutlineItemKind.choices
            if k != OutlineItemKind.CONTACT or rules.is_on(RuleId.CG_SEE_CHILD)
        ],
        "views_routes": [("", "Not recorded"), *ViewsRoute.choices],
        "scale_min": scaling.get("min", 0),
        "scale_max": scaling.get("max", 10),
        "scaling": rules.is_on(RuleId.SCALING),
        "plan_kinds": rules.is_on(RuleId.PLAN_KINDS),
        "see_child": rules.is_on(RuleId.CG_SEE_CHILD),
    }


def _agenda_context(
    request: HttpRequest, state: LiveConference, failure: Failure | None, form: _Forms
) -> dict:
    section, note, agenda_form = _agenda(request, state, failure, form)
    return {"section": section, "note": note, "agenda_form": agenda_form}


def _plan_context(
    request: HttpRequest, conference: Conference, state: LiveConference, can_edit: bool, form: _Forms
) -> dict:
    actions = _actions(conference, state, can_edit, form)
    can_mark_done = (
        bool(actions)
        and conference.status in plan_actions.TRACKED_STATUSES
        and plan_actions.may_mark_done(request.membership, conference)
    )
    return {
        "can_mark_done": can_mark_done,
        "plan_form": _plan_form(state, form),
        "item_form": form(("item",), lambda: live_forms.PlanItemForm(prefix="item", live=state)),
    }


def _start_and_side_forms(state: LiveConference, items: list[CheckItem], form: _Forms) -> dict:
    prompts = [i for i in items if i.at_start and not i.settled]
    return {
        "start_prompts": prompts,
        "start_form": form(("start",), lambda: StartForm(prompts=prompts)),
        "quorum_form": form(("quorum",), lambda: live_forms.ReasonForm(prefix="quorum")),
        "adjourn_form": form(("adjourn",), lambda: live_forms.ReasonForm(prefix="adjourn")),
        "parent_form": form(("parent",), lambda: live_forms.ParentViewForm(prefix="parent", live=state)),
        "correction_form": form(
            ("correction",), lambda: live_forms.CorrectionForm(prefix="correction", live=state)
        ),
    }
