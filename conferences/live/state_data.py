"""The live state of a conference as the API returns it (`live_data`): the read side of the live
conference API, beside the input serializers of `conferences.live.serializers`. It presents the
same state and checklist as the live page."""

from __future__ import annotations

from cases.selectors import today_for
from conferences.checklist import conference_checklist
from conferences.selectors import LiveConference, QuorumState


def live_data(state: LiveConference) -> dict:
    """The live state of a conference, as the API returns it."""
    conference = state.conference
    today = today_for(conference.authority) if state.action_deadlines else None

    def action_status(item) -> str | None:
        deadline = state.action_deadlines.get(item.pk)
        return today.view(deadline).status.value if deadline is not None else None

    return {
        "id": conference.pk,
        "kind": conference.kind,
        "status": conference.status,
        "starts_at": conference.starts_at,
        "version": conference.version,
        "booked_day": conference.booked_day,
        "held_day": conference.held_day,
        "held_day_reason": conference.held_day_reason,
        "rule_reasons": conference.rule_reasons or {},
        "checklist": _checklist_data(state),
        "quorum": _quorum_data(state.quorum),
        "attendance": [_attendance_data(state, invitation) for invitation in state.invitations],
        "agenda": _agenda_data(state),
        "children": [_child_data(state, child) for child in state.children],
        "plan": _plan_data(state, action_status),
        "outcome_told_by": conference.outcome_told_by,
        "first_core_group_at": conference.first_core_group_at,
        "next_review_on": conference.next_review_on,
        "core_group_members": [str(m) for m in state.core_group_members],
        "parent_views": [
            {"name": v.name, "given": v.given, "format": v.format, "views": v.views}
            for v in state.parent_views
        ],
    }


def _checklist_data(state: LiveConference) -> list[dict]:
    """The conference's checklist, the same one the live page shows."""
    items = conference_checklist(
        state.conference, rule_set=state.rule_set, invitations=state.invitations, live=state
    )
    return [
        {
            "rule_id": item.rule_id,
            "title": item.title,
            "mode": item.mode,
            "done": item.done,
            "answer": item.answer.outcome.value,
            "settled": item.settled,
            "detail": item.detail,
            "reason": item.reason,
        }
        for item in items
    ]


def _quorum_data(quorum: QuorumState) -> dict:
    return {
        "quorate": quorum.quorate,
        "mode": quorum.mode,
        "override_on": quorum.override_on,
        "chair_present": quorum.chair_present,
        "social_worker_present": quorum.social_worker_present,
        "agencies_present": list(quorum.agencies_present),
        "min_other_agencies": quorum.min_other_agencies,
        "missing": list(quorum.missing),
        "override_reason": quorum.override_reason,
    }


def _attendance_data(state: LiveConference, invitation) -> dict:
    """One invitee's attendance; a professional's report is "not_sent" until it is."""
    i = invitation
    return {
        "invitation": i.pk,
        "name": i.name,
        "kind": i.kind,
        "role_label": i.role_label,
        "agency": i.agency.name if i.agency_id else None,
        "attendance": i.attendance,
        "proxy_name": i.proxy_name if i.attended_by_proxy else "",
        "views_route": i.views_route,
        "report": (state.reports_sent.get(i.pk) or "not_sent") if i.kind == "professional" else None,
    }


def _agenda_data(state: LiveConference) -> list[dict]:
    """Each agenda section with the chair's note on it (empty, version 0, until one is written)."""
    return [
        {
            **section,
            "text": state.notes[section["key"]].text if section["key"] in state.notes else "",
            "version": state.notes[section["key"]].version if section["key"] in state.notes else 0,
        }
        for section in state.agenda
    ]


def _child_data(state: LiveConference, child) -> dict:
    """One child's tally, opinions and decision."""
    return {
        "child": child.pk,
        "name": str(child),
        "tally": {
            "yes": state.tallies[child.pk].yes,
            "no": state.tallies[child.pk].no,
            "abstained": state.tallies[child.pk].abstained,
            "split": state.tallies[child.pk].split,
            "scores": state.tallies[child.pk].scores,
            "score_all_zero_fires": state.tallies[child.pk].all_zero_fires,
            "score_majority_above_fires": state.tallies[child.pk].majority_above_fires,
        },
        "opinions": [
            {
                "invitation": o.invitation_id,
                "plan_needed": o.plan_needed,
                "reasons": o.reasons,
                "category": o.category,
                "score": o.score,
            }
            for o in state.tallies[child.pk].opinions
        ],
        "decision": _decision(state.decisions.get(child.pk)),
    }


def _plan_data(state: LiveConference, action_status) -> dict:
    """The outline plan and its items (an action with its OUTCOME deadline's status)."""
    return {
        "version": state.plan.version if state.plan else 0,
        "contingency": state.plan.contingency if state.plan else "",
        "bottom_lines": state.plan.bottom_lines if state.plan else "",
        "resource_plan_review": state.plan.resource_plan_review if state.plan else "",
        "safety_plan_review": state.plan.safety_plan_review if state.plan else "",
        "items": [
            {
                "id": item.pk,
                "kind": item.kind,
                "text": item.text,
                "plan_kind": item.plan_kind,
                "indicators": item.indicators,
                "collected_by": item.collected_by,
                "owner": item.owner,
                "due_on": item.due_on,
                "answers": item.answers_id,
                "frequency": item.frequency,
                "done_on": item.done_on,
                "status": action_status(item),
            }
            for item in state.plan_items
        ],
    }


def _decision(decision) -> dict | None:
    if decision is None:
        return None
    return {
        "id": decision.pk,
        "outcome": decision.outcome,
        "category": decision.category,
        "rationale": decision.rationale,
        "dissents": [{"invitation": d.invitation_id, "reasons": d.reasons} for d in decision.dissents.all()],
    }
