"""API for CG-ATTENDANCE: the social worker raises a concern that a member's missed core group
meetings harm the plan; a manager answers it in writing, resolving it with the agency or escalating
it. The same services as the pages (`coregroups.attendance_concerns`), so the rule set decides who
may answer and a refusal is a 400 naming the field (or the rule). Readers are those the core group
page shows concerns to: managers and chairs, and the case's own social worker."""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action

from authorities.access import MANAGERS
from authorities.api_base import AuthorityViewSet
from authorities.models import Role
from authorities.text_limits import notes_serializer_field, reason_serializer_field

from . import attendance_concerns as concerns
from .models import AttendanceConcern, ConcernStatus, CoreGroup, CoreGroupMeeting
from .review_api import _WriteThroughService


class ConcernSerializer(serializers.ModelSerializer):
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True, default=None)
    raised_by_name = serializers.CharField(source="raised_by.user.display_name", read_only=True)
    responded_by_name = serializers.CharField(
        source="responded_by.user.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AttendanceConcern
        fields = [
            "id",
            "core_group",
            "member",
            "member_name",
            "agency",
            "agency_name",
            "meetings",
            "harm",
            "raised_by",
            "raised_by_name",
            "raised_at",
            "status",
            "response",
            "responded_by",
            "responded_by_name",
            "responded_at",
            "rule_reason",
            "escalation",
        ]
        read_only_fields = fields


class RaiseConcernIn(serializers.Serializer):
    core_group = serializers.IntegerField()
    member = serializers.IntegerField(help_text="The core group member whose attendance harms the plan.")
    meetings = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, help_text="Held meetings the member missed."
    )
    harm = reason_serializer_field(allow_blank=True, default="", help_text="How this harms the plan.")


class AnswerConcernIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[ConcernStatus.RESOLVED, ConcernStatus.ESCALATED])
    response = notes_serializer_field(allow_blank=True, default="", help_text="The answer, in writing.")
    reason = reason_serializer_field(
        allow_blank=True,
        default="",
        help_text=(
            "Why someone other than the social worker's team manager answers, where the rule is advised "
            "(CG-ATTENDANCE)."
        ),
    )


class ConcernFilter(filters.FilterSet):
    core_group = filters.NumberFilter(field_name="core_group_id")
    status = filters.ChoiceFilter(choices=ConcernStatus.choices)

    class Meta:
        model = AttendanceConcern
        fields = ["core_group", "status"]


class AttendanceConcernViewSet(_WriteThroughService, AuthorityViewSet):
    model = AttendanceConcern
    serializer_class = ConcernSerializer
    write_serializer = RaiseConcernIn
    filterset_class = ConcernFilter

    def narrow_queryset(self, queryset):
        membership = self.request.membership
        if membership.role not in MANAGERS | {Role.CHAIR}:
            # Anyone else sees only the concerns of their own cases (for a social worker; none
            # for a practitioner, who is never a case's social worker).
            queryset = queryset.filter(core_group__family__social_worker=membership)
        meetings = CoreGroupMeeting.framework_objects.order_by("held_on", "pk")
        return (
            queryset.select_related("agency", "raised_by__user", "responded_by__user")
            .prefetch_related(Prefetch("meetings", queryset=meetings))
            .order_by("-raised_at", "-pk")
        )

    def get_serializer_class(self):
        return AnswerConcernIn if self.action == "answer" else super().get_serializer_class()

    @extend_schema(request=RaiseConcernIn, responses={201: ConcernSerializer})
    def create(self, request, *args, **kwargs):
        """The case's social worker flags a member's missed meetings as harming the plan; their
        team manager is told."""
        data = self.valid_data()
        group = self.visible(CoreGroup, data["core_group"], "core_group")
        concern = concerns.raise_concern(
            core_group_id=group.pk,
            by=request.membership,
            member_id=data["member"],
            meeting_ids=data["meetings"],
            harm=data["harm"],
        )
        return self.reply(concern, status.HTTP_201_CREATED)

    @extend_schema(request=AnswerConcernIn, responses=ConcernSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        """A manager's written answer: resolved with the agency, or escalated (a poor-attendance
        escalation on the authority's ladder)."""
        concern = self.get_object()
        data = self.valid_data()
        concern = concerns.answer_concern(concern_id=concern.pk, by=request.membership, **data)
        return self.reply(concern, status.HTTP_200_OK)


def register(router) -> None:
    router.register("attendance-concerns", AttendanceConcernViewSet, basename="attendance-concern")
