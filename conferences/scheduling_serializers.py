"""API shapes for scheduling: conferences and invitations. Writes go through
`conferences.scheduling`; the statutory due date and the report deadline are read-only."""

from __future__ import annotations

from rest_framework import serializers

from cases.serializers import DeadlineFieldsMixin

from .models import Conference, ConferenceKind, Invitation, InvitedBy, InviteeKind, ViewsRoute


class ConferenceSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    deadline_prefix = "statutory"

    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    statutory_rule = serializers.SerializerMethodField(help_text="ICPC-15WD, RCPC1-3M or RCPCN-6M.")
    statutory_due_on = serializers.DateField(read_only=True, help_text="The date it must be held by.")
    statutory_status = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "family",
            "kind",
            "children",
            "strategy_discussion",
            "previous",
            "starts_at",
            "venue",
            "virtual_link",
            "chair",
            "social_worker",
            "status",
            "late_reason",
            "change_reason",
            "rule_reasons",
            "ics_uid",
            "ics_sequence",
            "statutory_rule",
            "statutory_due_on",
            "statutory_status",
        ]
        read_only_fields = fields

    def get_statutory_rule(self, obj) -> str | None:
        if obj.kind == ConferenceKind.INITIAL:
            return "ICPC-15WD"
        if obj.kind == ConferenceKind.REVIEW:
            return getattr(obj, "statutory_rule_id", None)
        return None

    def get_statutory_status(self, obj) -> dict:
        return self._deadline_status(obj)


class ScheduleConferenceSerializer(serializers.Serializer):
    family = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConferenceKind.choices, default=ConferenceKind.INITIAL)
    starts_at = serializers.DateTimeField()
    chair = serializers.IntegerField()
    children = serializers.ListField(child=serializers.IntegerField(), required=False)
    venue = serializers.IntegerField(required=False, allow_null=True)
    virtual_link = serializers.URLField(required=False, allow_blank=True, default="")
    strategy_discussion = serializers.IntegerField(required=False, allow_null=True)
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    rule_reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    reason = serializers.CharField()
    venue = serializers.IntegerField(required=False, allow_null=True)
    virtual_link = serializers.URLField(required=False, allow_blank=True)
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class InvitationSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    deadline_prefix = "report"

    report_due_on = serializers.DateField(read_only=True, help_text="REPORT-2WD, for professionals.")
    report_status = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "conference",
            "kind",
            "membership",
            "agency",
            "person",
            "child",
            "name",
            "email",
            "role_label",
            "invited_by",
            "invited_at",
            "wishes_to_attend",
            "views_route",
            "report_due_on",
            "report_status",
        ]
        read_only_fields = fields

    def get_report_status(self, obj) -> dict:
        return self._deadline_status(obj)


class InviteSerializer(serializers.Serializer):
    """One body for every kind of invitee; which fields matter depends on `kind`."""

    conference = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=InviteeKind.choices,
        help_text="Observers are asked for, not invited.",
    )
    membership = serializers.IntegerField(required=False, allow_null=True)
    agency = serializers.IntegerField(required=False, allow_null=True)
    person = serializers.IntegerField(required=False, allow_null=True)
    child = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role_label = serializers.CharField(required=False, allow_blank=True, default="")
    invited_by = serializers.ChoiceField(
        choices=InvitedBy.choices, required=False, allow_blank=True, default=""
    )
    invited_on = serializers.DateField(required=False, allow_null=True, default=None)
    wishes_to_attend = serializers.BooleanField(required=False, allow_null=True, default=None)
    views_route = serializers.ChoiceField(
        choices=ViewsRoute.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
