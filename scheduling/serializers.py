from __future__ import annotations

from rest_framework import serializers

from authorities.text_limits import notes_serializer_field

from .escalations import HAND_KINDS
from .models import Deadline, Escalation, EscalationEvent, Notification


class DeadlineSerializer(serializers.ModelSerializer):
    family = serializers.IntegerField(source="family_id", read_only=True, allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule_id",
            "mode",
            "label",
            "family",
            "event_on",
            "due_on",
            "status",
            "status_changed_on",
            "met_on",
            "late_reason",
            "responsible",
        ]
        read_only_fields = fields


class EscalationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationEvent
        fields = ["id", "action", "by", "note", "at"]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer):
    family = serializers.IntegerField(source="family_id", read_only=True, allow_null=True)
    events = EscalationEventSerializer(many=True, read_only=True)

    class Meta:
        model = Escalation
        fields = [
            "id",
            "kind",
            "deadline",
            "family",
            "previous",
            "level",
            "level_label",
            "roles",
            "reason",
            "raised_by",
            "raised_at",
            "respond_by",
            "status",
            "resolved_at",
            "resolution",
            "events",
        ]
        read_only_fields = fields


class RaiseEscalationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in HAND_KINDS])
    reason = notes_serializer_field()
    family = serializers.IntegerField(required=False, allow_null=True)


class EscalationStepSerializer(serializers.Serializer):
    note = notes_serializer_field(required=False, allow_blank=True, default="")


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at", "emailed_at"]
        read_only_fields = fields
