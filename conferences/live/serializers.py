"""Serializers for the live conference API: input shapes for each action, and the live state out.
They only parse and present; the rules are enforced by conferences.live.services (shared with the pages)."""

from __future__ import annotations

from rest_framework import serializers

from authorities.api_dates import BoundedDateField, BoundedDateTimeField
from authorities.date_fields import DUE, MEETING, RECORDED
from authorities.rules.ids import RuleId
from authorities.text_limits import (
    LimitedTextSerializerField,
    name_serializer_field,
    notes_serializer_field,
    reason_serializer_field,
)
from cases.models import Category
from cases.selectors import today_for
from conferences.checklist import conference_checklist
from conferences.models import (
    AgendaNote,
    Attendance,
    DecisionOutcome,
    OutlineItemKind,
    OutlinePlanItem,
    PlanKind,
    StepDownRoute,
    TriggerAction,
    ViewsFormat,
    ViewsGiven,
    ViewsRoute,
)
from conferences.selectors import LiveConference, QuorumState
from scheduling.models import Deadline


class AttendanceIn(serializers.Serializer):
    invitation = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    proxy_name = name_serializer_field(required=False, allow_blank=True, default="")
    views_route = serializers.ChoiceField(
        choices=ViewsRoute.choices, required=False, allow_blank=True, default=""
    )
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


class ReasonIn(serializers.Serializer):
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


class StartIn(serializers.Serializer):
    held_day = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only when it was held on another day than the one booked: the day it was held.",
    )
    held_reason = reason_serializer_field(
        required=False, allow_blank=True, default="", help_text="Why it was held on another day."
    )
    reasons = serializers.DictField(
        child=reason_serializer_field(allow_blank=True),
        required=False,
        default=dict,
        help_text="By rule id: why the conference goes ahead without a preparation rule advised here "
        "(PRE-MEET, SEPARATE, FAMILY-NEEDS).",
    )


class LongPlanIn(serializers.Serializer):
    child = serializers.IntegerField()
    answer = notes_serializer_field(allow_blank=True)


class AgendaNoteIn(serializers.Serializer):
    # A key of the rule set's agenda, not free text: no longer than the column that keeps it.
    section = serializers.CharField(max_length=AgendaNote._meta.get_field("section_key").max_length)
    text = notes_serializer_field(allow_blank=True)
    version = serializers.IntegerField(min_value=0)


class ParentViewIn(serializers.Serializer):
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = name_serializer_field(required=False, allow_blank=True, default="")
    given = serializers.ChoiceField(choices=ViewsGiven.choices)
    format = serializers.ChoiceField(
        choices=ViewsFormat.choices, required=False, allow_blank=True, default=""
    )
    views = notes_serializer_field()


class OpinionIn(serializers.Serializer):
    child = serializers.IntegerField()
    invitation = serializers.IntegerField()
    plan_needed = serializers.BooleanField(allow_null=True)
    reasons = reason_serializer_field(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True, default="")
    score = serializers.IntegerField(required=False, allow_null=True, default=None)


class TriggerIn(serializers.Serializer):
    child = serializers.IntegerField()
    rule_id = serializers.ChoiceField(choices=[RuleId.SCORE_ALL_ZERO, RuleId.SCORE_MAJ_ABOVE_5])
    action = serializers.ChoiceField(choices=TriggerAction.choices)
    note = notes_serializer_field(required=False, allow_blank=True, default="")


class DecisionIn(serializers.Serializer):
    child = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True, default="")
    rationale = notes_serializer_field(required=False, allow_blank=True, default="")
    step_down_route = serializers.ChoiceField(
        choices=StepDownRoute.choices, required=False, allow_blank=True, default=""
    )
    step_down_rationale = notes_serializer_field(required=False, allow_blank=True, default="")
    oversight_by = serializers.IntegerField(required=False, allow_null=True, default=None)


class DissentIn(serializers.Serializer):
    decision = serializers.IntegerField()
    invitation = serializers.IntegerField()
    reasons = reason_serializer_field()


class PlanIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    contingency = notes_serializer_field(required=False, allow_blank=True, default="")
    bottom_lines = notes_serializer_field(required=False, allow_blank=True, default="")
    resource_plan_review = LimitedTextSerializerField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    safety_plan_review = LimitedTextSerializerField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class PlanItemIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OutlineItemKind.choices)
    text = notes_serializer_field()
    plan_kind = serializers.ChoiceField(
        choices=PlanKind.choices, required=False, allow_blank=True, default=""
    )
    indicators = notes_serializer_field(required=False, allow_blank=True, default="")
    collected_by = name_serializer_field(required=False, allow_blank=True, default="")
    owner_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    owner_name = name_serializer_field(required=False, allow_blank=True, default="")
    due_on = BoundedDateField(bounds=DUE, label="Due by", required=False, allow_null=True, default=None)
    answers = serializers.IntegerField(required=False, allow_null=True, default=None)
    frequency = name_serializer_field(required=False, allow_blank=True, default="")


class ActionDueIn(serializers.Serializer):
    item = serializers.IntegerField()
    due_on = BoundedDateField(bounds=DUE, label="Due by", allow_null=True)


class PlanItemRef(serializers.Serializer):
    item = serializers.IntegerField()


class ActionDoneIn(serializers.Serializer):
    done_on = BoundedDateField(
        bounds=RECORDED, label="Done on", required=False, allow_null=True, default=None
    )


class ActionNotDoneIn(serializers.Serializer):
    _missing = "Enter the reason the action is not done after all."
    reason = reason_serializer_field(error_messages={"required": _missing, "blank": _missing})


class PlanActionSerializer(serializers.ModelSerializer):
    """An action of a conference's outline plan, with its OUTCOME deadline's status today: one of
    not_due, due_soon, due_today, overdue, met_on_time, met_late; null where none runs."""

    conference = serializers.IntegerField(source="plan.conference_id", read_only=True)
    owner = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = OutlinePlanItem
        fields = [
            "id",
            "conference",
            "text",
            "owner",
            "owner_name",
            "owner_agency",
            "due_on",
            "answers",
            "done_on",
            "status",
        ]

    def get_status(self, obj) -> str | None:
        due_on = getattr(obj, "deadline_due_on", None)
        if due_on is None:
            return None
        today = self.context["today"]()
        return today.view(Deadline(due_on=due_on, met_on=obj.deadline_met_on)).status.value


class OutcomeTellerIn(serializers.Serializer):
    name = name_serializer_field()
    version = serializers.IntegerField(min_value=0)


class NextDatesIn(serializers.Serializer):
    next_review_on = BoundedDateField(bounds=MEETING, label="Next review conference")
    first_core_group_at = BoundedDateTimeField(
        bounds=MEETING, label="First core group", required=False, allow_null=True, default=None
    )
    venue = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = reason_serializer_field(required=False, allow_blank=True, default="")
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to book the first core group over another meeting of the social worker or venue "
        "(else refused).",
    )


class CoreGroupIn(serializers.Serializer):
    invitations = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    people = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    others = serializers.ListField(
        child=serializers.ListField(
            child=name_serializer_field(allow_blank=True), min_length=2, max_length=2
        ),
        required=False,
        default=list,
        help_text="[name, role] pairs",
    )


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
