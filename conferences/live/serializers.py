"""Serializers for the live conference API: the input shape of each action, and a plan action out
(the live state out is `conferences.live.state_data`). They only parse and present; the rules are
enforced by conferences.live.services (shared with the pages)."""

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
