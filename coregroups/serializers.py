"""API shapes for core groups and their meetings (reads), and the bodies of book, move, cancel and
hold (writes go through `coregroups.services`)."""

from __future__ import annotations

from rest_framework import serializers

from authorities.api_dates import BoundedDateField, BoundedDateTimeField
from authorities.date_fields import DUE, MEETING, RECORDED
from authorities.text_limits import (
    LimitedTextSerializerField,
    name_serializer_field,
    notes_serializer_field,
    reason_serializer_field,
)

from .models import (
    Agreement,
    AttendanceStatus,
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreGroupMember
        fields = ["id", "name", "role_label", "membership", "person", "agency"]


class MeetingSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = CoreGroupMeeting
        fields = ["id", "scheduled_at", "status", "held_on"]


class CoreGroupSerializer(serializers.ModelSerializer):
    convenor = serializers.SerializerMethodField()
    members = MemberSerializer(many=True, read_only=True)
    meetings = MeetingSummarySerializer(many=True, read_only=True)

    class Meta:
        model = CoreGroup
        fields = ["id", "family", "set_up_at", "ended_on", "convenor", "members", "meetings"]

    def get_convenor(self, group: CoreGroup) -> dict | None:
        sw = group.family.social_worker
        return {"membership": sw.pk, "name": sw.user.display_name} if sw else None


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreGroupAttendance
        fields = ["id", "member", "name", "role_label", "status"]


class PlanNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreGroupPlanNote
        fields = ["kind", "plan", "plan_item", "text", "agreement", "reason"]


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreGroupAction
        fields = ["id", "text", "owner", "owner_name", "due_on", "done_on"]


class MinutesSerializer(serializers.ModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)
    plan_notes = PlanNoteSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = CoreGroupMinutes
        fields = [
            "purpose",
            "chaired_by",
            "minutes_by",
            "chair_minuter_reason",
            "reports_from_absent",
            "child_voice",
            "summary",
            "no_plan_changes",
            "action_points_checked",
            "minutes_reason",
            "late_reason",
            "next_meeting",
            "version",
            "corrected_at",
            "correction_reason",
            "corrected_parts",
            "attendance",
            "plan_notes",
            "actions",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = CoreGroupMeeting
        fields = [
            "id",
            "core_group",
            "scheduled_at",
            "venue",
            "venue_note",
            "status",
            "held_on",
            "cancelled_at",
            "change_reason",
            "clash_reason",
            "booked_at_conference",
            "minutes",
        ]

    def get_minutes(self, meeting: CoreGroupMeeting) -> dict | None:
        minutes = getattr(meeting, "minutes", None) if meeting.held_on else None
        return MinutesSerializer(minutes).data if minutes else None


# --- bodies ----------------------------------------------------------------------------------------


class BookIn(serializers.Serializer):
    core_group = serializers.IntegerField()
    scheduled_at = BoundedDateTimeField(bounds=MEETING, label="Date and time")
    venue = serializers.IntegerField(required=False, allow_null=True)
    venue_note = LimitedTextSerializerField(max_length=300, required=False, allow_blank=True, default="")
    reason = reason_serializer_field(required=False, allow_blank=True, default="")
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to book over another meeting of the social worker or venue (else refused).",
    )


class MoveIn(serializers.Serializer):
    scheduled_at = BoundedDateTimeField(bounds=MEETING, label="Date and time")
    venue = serializers.IntegerField(required=False, allow_null=True)
    venue_note = LimitedTextSerializerField(max_length=300, required=False, allow_blank=True)
    reason = reason_serializer_field()
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to book over another meeting of the social worker or venue (else refused).",
    )


class CancelIn(serializers.Serializer):
    reason = reason_serializer_field()


class MeetingAttendanceIn(serializers.Serializer):
    member = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class ProgressIn(serializers.Serializer):
    plan_item = serializers.IntegerField()
    text = notes_serializer_field(required=False, allow_blank=True, default="")
    agreement = serializers.ChoiceField(
        choices=Agreement.choices, required=False, allow_blank=True, default=""
    )
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


class PlanChangeIn(serializers.Serializer):
    plan = serializers.IntegerField()
    text = notes_serializer_field()


class ActionIn(serializers.Serializer):
    text = reason_serializer_field()
    owner = serializers.IntegerField(required=False, allow_null=True)
    owner_name = name_serializer_field(required=False, allow_blank=True, default="")
    due_on = BoundedDateField(bounds=DUE, label="Due by", required=False, allow_null=True)


def _text(**kwargs):
    return notes_serializer_field(required=False, allow_blank=True, default="", **kwargs)


def _reason(**kwargs):
    return reason_serializer_field(required=False, allow_blank=True, default="", **kwargs)


class HoldIn(serializers.Serializer):
    held_at = BoundedDateTimeField(bounds=MEETING, label="Date and time it was held")
    venue = serializers.IntegerField(required=False, allow_null=True)
    venue_note = _text(max_length=300)
    purpose = _text()
    attendance = MeetingAttendanceIn(many=True, required=False, default=list)
    chaired_by = _text(max_length=200)
    minutes_by = _text(max_length=200)
    chair_minuter_reason = _reason()
    reports_from_absent = _text()
    progress = ProgressIn(many=True, required=False, default=list)
    plan_changes = PlanChangeIn(many=True, required=False, default=list)
    no_plan_changes = serializers.BooleanField(required=False, default=False)
    child_voice = _text()
    summary = _text()
    actions = ActionIn(many=True, required=False, default=list)
    action_points_checked = serializers.BooleanField(required=False, default=False)
    next_meeting_at = BoundedDateTimeField(
        bounds=MEETING, label="Next meeting: date and time", required=False, allow_null=True
    )
    next_venue = serializers.IntegerField(required=False, allow_null=True)
    next_venue_note = _text(max_length=300)
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to book the next meeting over another of the social worker or venue (else refused).",
    )
    minutes_reason = _reason()
    late_reason = _reason()


class CorrectionAttendanceIn(serializers.Serializer):
    """A row already in the minutes (`id`, as the meeting's `minutes.attendance` lists it) or a
    member of the group not in them yet (`member`)."""

    id = serializers.IntegerField(required=False, allow_null=True)
    member = serializers.IntegerField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)

    def validate(self, attrs):
        if attrs.get("id") is None and attrs.get("member") is None:
            raise serializers.ValidationError("Name the attendance row (id) or the member.")
        return attrs


class CorrectionActionIn(ActionIn):
    id = serializers.IntegerField(required=False, allow_null=True, help_text="An action already in them.")


class CorrectIn(HoldIn):
    """The minutes as they should read (lists replace what is there: a row, note or action left
    out is taken out), the version they were read at, and why they are corrected."""

    version = serializers.IntegerField(min_value=1)
    reason = reason_serializer_field()
    attendance = CorrectionAttendanceIn(many=True, required=False, default=list)
    actions = CorrectionActionIn(many=True, required=False, default=list)
    late_reason = None


class StaleOut(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class DoneIn(serializers.Serializer):
    done_on = BoundedDateField(bounds=RECORDED, label="Done on", required=False, allow_null=True)
