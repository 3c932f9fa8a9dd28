"""API for what the core group puts to a review: the recommendation a held meeting records for each
child's plan (CG-PRE-REVIEW) and the chair's conversation before the review (DELIST-CONVERSATION).

The same services as the pages (`coregroups.review`), so the same people may write (the case's
social worker, their team manager or a chair for a recommendation; the conference's chair for a
conversation) and the same refusals come back, as 400s naming the field. Like the pages, these
records are for the authority's staff: an agency practitioner lists none of them."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from authorities.api_base import AuthorityViewSet
from authorities.api_dates import BoundedDateField
from authorities.date_fields import RECORDED
from authorities.models import Role
from authorities.scoping import AuthorityQuerySet
from authorities.text_limits import notes_serializer_field, reason_serializer_field
from cases.api import ServiceViewSetMixin
from conferences.models import Conference

from . import review
from .models import CoreGroupMeeting, DelistConversation, PreReviewRecommendation, Recommendation


class RecommendationSerializer(serializers.ModelSerializer):
    core_group = serializers.IntegerField(source="meeting.core_group_id", read_only=True)
    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True, allow_null=True)
    child = serializers.IntegerField(source="plan.child_id", read_only=True)
    child_name = serializers.CharField(source="plan.child.__str__", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.user.display_name", read_only=True)

    class Meta:
        model = PreReviewRecommendation
        fields = [
            "id",
            "core_group",
            "meeting",
            "meeting_held_on",
            "plan",
            "child",
            "child_name",
            "recommendation",
            "rationale",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class RecommendIn(serializers.Serializer):
    meeting = serializers.IntegerField(help_text="The held core group meeting that recommends.")
    plan = serializers.IntegerField(
        help_text="The child's protection plan, running when the meeting was held."
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    rationale = reason_serializer_field(allow_blank=True, default="", help_text="Why (CG-PRE-REVIEW).")


class ConversationSerializer(serializers.ModelSerializer):
    spoke_with_name = serializers.CharField(source="spoke_with.user.display_name", read_only=True)
    spoke_with_role = serializers.CharField(source="spoke_with.role", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.user.display_name", read_only=True)

    class Meta:
        model = DelistConversation
        fields = [
            "id",
            "conference",
            "spoke_with",
            "spoke_with_name",
            "spoke_with_role",
            "spoke_on",
            "outcome",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class ConverseIn(serializers.Serializer):
    conference = serializers.IntegerField(help_text="The review conference.")
    spoke_with = serializers.IntegerField(
        help_text="The membership of the social worker or their team manager."
    )
    spoke_on = BoundedDateField(bounds=RECORDED, label="Date of the conversation")
    outcome = notes_serializer_field(allow_blank=True, default="", help_text="What came of it.")


class PartnerSerializer(serializers.Serializer):
    """Someone the chair may talk with before the review: an allowed `spoke_with`."""

    id = serializers.IntegerField(help_text="Their membership: give it as `spoke_with`.")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")


def _staff_only(queryset: AuthorityQuerySet, membership) -> AuthorityQuerySet:
    # The pages show the core group's briefing to the authority's staff, never to an invitee.
    return queryset.none() if membership.role == Role.PRACTITIONER else queryset


class _WriteThroughService(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    write_serializer: type[serializers.Serializer]

    def get_serializer_class(self):
        return self.write_serializer if self.action == "create" else self.serializer_class

    def reply(self, obj, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.serializer_class(fresh).data, status=status_code)

    def visible(self, model, pk: int, field: str):
        """The object the body names, among those this member can see: else a 400 on `field`."""
        membership = self.request.membership
        found = model.objects.for_authority(membership.authority).visible_to(membership).filter(pk=pk).first()
        if found is None:
            raise DjangoValidationError({field: f"No {model._meta.verbose_name} with id {pk} here."})
        return found


class RecommendationFilter(filters.FilterSet):
    core_group = filters.NumberFilter(field_name="meeting__core_group_id")
    meeting = filters.NumberFilter(field_name="meeting_id")
    plan = filters.NumberFilter(field_name="plan_id")
    recommendation = filters.ChoiceFilter(choices=Recommendation.choices)

    class Meta:
        model = PreReviewRecommendation
        fields = ["core_group", "meeting", "plan", "recommendation"]


class RecommendationViewSet(_WriteThroughService, AuthorityViewSet):
    """Each held meeting's recommendation to the next review, per child's plan (CG-PRE-REVIEW)."""

    model = PreReviewRecommendation
    serializer_class = RecommendationSerializer
    write_serializer = RecommendIn
    filterset_class = RecommendationFilter

    def narrow_queryset(self, queryset):
        return (
            _staff_only(queryset, self.request.membership)
            .select_related("meeting", "plan__child", "recorded_by__user")
            .order_by("-meeting__held_on", "-meeting_id", "plan_id")
        )

    @extend_schema(
        request=RecommendIn, responses={200: RecommendationSerializer, 201: RecommendationSerializer}
    )
    def create(self, request, *args, **kwargs):
        """Record the meeting's recommendation for one child's plan: continue or end it, and why.
        Recorded again for the same meeting and plan, it replaces the earlier one (200; the
        history keeps both)."""
        data = self.valid_data()
        meeting = self.visible(CoreGroupMeeting, data["meeting"], "meeting")
        replaces = self.get_queryset().filter(meeting=meeting, plan_id=data["plan"]).exists()
        rec = review.record_recommendation(
            meeting_id=meeting.pk,
            by=request.membership,
            plan_id=data["plan"],
            recommendation=data["recommendation"],
            rationale=data["rationale"],
        )
        return self.reply(rec, status.HTTP_200_OK if replaces else status.HTTP_201_CREATED)


class ConversationFilter(filters.FilterSet):
    conference = filters.NumberFilter(field_name="conference_id")

    class Meta:
        model = DelistConversation
        fields = ["conference"]


class ConversationViewSet(_WriteThroughService, AuthorityViewSet):
    """The chair's conversation before a review with the social worker or their team manager:
    with whom, on which day, what came of it (DELIST-CONVERSATION)."""

    model = DelistConversation
    serializer_class = ConversationSerializer
    write_serializer = ConverseIn
    filterset_class = ConversationFilter

    def narrow_queryset(self, queryset):
        membership = self.request.membership
        visible = Conference.objects.for_authority(membership.authority).visible_to(membership)
        return (
            _staff_only(queryset, membership)
            .filter(conference__in=visible.values("pk"))
            .select_related("spoke_with__user", "recorded_by__user")
            .order_by("conference_id", "spoke_on", "pk")
        )

    @extend_schema(request=ConverseIn, responses={201: ConversationSerializer})
    def create(self, request, *args, **kwargs):
        """Record the conversation (the conference's chair only)."""
        data = self.valid_data()
        conference = self.visible(Conference, data["conference"], "conference")
        conversation = review.record_conversation(
            conference_id=conference.pk,
            by=request.membership,
            spoke_with_id=data["spoke_with"],
            spoke_on=data["spoke_on"],
            outcome=data["outcome"],
        )
        return self.reply(conversation, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("conference", int, required=True, description="The review conference.")],
        responses=PartnerSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def partners(self, request, *args, **kwargs):
        """Who the conference's chair may record the conversation with, as the page offers: the
        social worker and their team manager (the conference's chair only)."""
        raw = request.query_params.get("conference", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
            raise DjangoValidationError({"conference": f"No conference with id {raw or '(none)'} here."})
        conference = self.visible(Conference, int(raw), "conference")
        if not review.may_record_conversation(request.membership, conference):
            raise PermissionDenied("Only the conference's chair records this conversation.")
        partners = review.conversation_partners(conference)
        return Response(PartnerSerializer(partners, many=True).data)


def register(router) -> None:
    router.register("core-group-recommendations", RecommendationViewSet, basename="core-group-recommendation")
    router.register("review-conversations", ConversationViewSet, basename="review-conversation")
