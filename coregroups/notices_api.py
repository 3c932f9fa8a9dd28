"""API for the record of who was sent what about a core group meeting (`MeetingNotice`): the meeting
itself, by e-mail with an .ics or by letter to family members, and its minutes once circulated.
The writes that make these records are actions on the meeting (`core-group-meetings/{id}/letters/`
and `.../circulate-minutes/`, in `coregroups.api`), through the same services as the pages.

Readers are the people who convene the core group, as on its page: a chair, the case's social
worker and their team manager."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer

from accounts.audit import AuditedReadsMixin, Subject
from accounts.models import AccessAction
from authorities.api_base import AuthorityViewSet
from authorities.api_pdf import PDFRenderer
from authorities.models import Role

from . import invitations
from .models import MeetingNotice


class NoticeSerializer(serializers.ModelSerializer):
    core_group = serializers.IntegerField(source="meeting.core_group_id", read_only=True)
    sent_by_name = serializers.CharField(
        source="sent_by.user.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = MeetingNotice
        fields = [
            "id",
            "core_group",
            "meeting",
            "membership",
            "person",
            "name",
            "what",
            "channel",
            "sequence",
            "cancelled",
            "sent_at",
            "sent_by",
            "sent_by_name",
        ]
        read_only_fields = fields


class NoticeFilter(filters.FilterSet):
    core_group = filters.NumberFilter(field_name="meeting__core_group_id")
    meeting = filters.NumberFilter(field_name="meeting_id")
    what = filters.ChoiceFilter(choices=MeetingNotice.What.choices)
    channel = filters.ChoiceFilter(choices=MeetingNotice.Channel.choices)

    class Meta:
        model = MeetingNotice
        fields = ["core_group", "meeting", "what", "channel"]


def convened_by(membership) -> Q:
    """The notices of core groups this member convenes (`permissions.may_convene`, as a filter)."""
    if membership.role == Role.CHAIR:
        return Q()
    social_worker = "meeting__core_group__family__social_worker"
    mine = Q(**{social_worker: membership})
    if membership.role == Role.TEAM_MANAGER:
        mine |= Q(**{f"{social_worker}__team_manager": membership})
    return mine


class MeetingNoticeViewSet(
    AuditedReadsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    audited_actions = {"pdf": AccessAction.LETTER_DOWNLOAD}
    audit_subject = Subject(case="meeting__core_group__family_id")
    model = MeetingNotice
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter

    def narrow_queryset(self, queryset):
        return (
            queryset.filter(convened_by(self.request.membership))
            .select_related("sent_by__user", "meeting")
            .order_by("-sent_at", "-pk")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request, *args, **kwargs):
        """The letter a notice recorded, to print and post (404 for an e-mail)."""
        notice = self.get_object()
        if notice.channel != MeetingNotice.Channel.LETTER:
            raise NotFound("This notice went by e-mail: there is no letter to print.")
        response = HttpResponse(invitations.render_notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="core-group-letter-{notice.pk}.pdf"'
        return response


def register(router) -> None:
    router.register("core-group-notices", MeetingNoticeViewSet, basename="core-group-notice")
