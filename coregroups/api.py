"""API routes of the coregroups app: core groups (read), their meetings (book, move, cancel, hold
with minutes; letters to the family and circulating the minutes) and action points (mark done).
Same services as the pages: a refused rule is a 400 naming the rule and the field, another
authority's object a 404, a role that may not act a 403."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.audit import AuditedReadsMixin, Subject
from accounts.models import AccessAction
from authorities.api_base import AuthorityViewSet
from cases.api import ServiceViewSetMixin

from . import attendance_api, circulation, documents, invitations, notices_api, review_api, services
from . import serializers as s
from .models import (
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupPlanNote,
    MeetingNotice,
)


class CoreGroupFilter(filters.FilterSet):
    family = filters.NumberFilter(field_name="family_id")

    class Meta:
        model = CoreGroup
        fields = ["family"]


class CoreGroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = CoreGroup
    serializer_class = s.CoreGroupSerializer
    filterset_class = CoreGroupFilter

    def narrow_queryset(self, queryset):
        return (
            queryset.select_related("family__social_worker__user")
            .prefetch_related(
                Prefetch("members", queryset=CoreGroupMember.framework_objects.order_by("name", "pk")),
                Prefetch(
                    "meetings", queryset=CoreGroupMeeting.framework_objects.order_by("scheduled_at", "pk")
                ),
            )
            .order_by("-created_at", "pk")
        )


class MeetingFilter(filters.FilterSet):
    core_group = filters.NumberFilter(field_name="core_group_id")
    family = filters.NumberFilter(field_name="core_group__family_id")

    class Meta:
        model = CoreGroupMeeting
        fields = ["core_group", "family"]


class MeetingViewSet(
    AuditedReadsMixin, ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    # A meeting's detail carries its minutes once it has been held.
    audited_actions = {"retrieve": AccessAction.MINUTES_VIEW, "minutes_pdf": AccessAction.MINUTES_DOWNLOAD}
    audit_subject = Subject(case="core_group__family_id")
    model = CoreGroupMeeting
    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilter

    def narrow_queryset(self, queryset):
        return (
            queryset.select_related("minutes")
            .prefetch_related(
                Prefetch("minutes__attendance", queryset=CoreGroupAttendance.framework_objects.all()),
                Prefetch("minutes__plan_notes", queryset=CoreGroupPlanNote.framework_objects.all()),
                Prefetch("minutes__actions", queryset=CoreGroupAction.framework_objects.all()),
            )
            .order_by("scheduled_at", "pk")
        )

    def _body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(request=s.BookIn, responses=s.MeetingSerializer)
    def create(self, request, *args, **kwargs):
        data = self._body(s.BookIn)
        # A group in another authority, or one a practitioner is not a member of: the same 400.
        visible = CoreGroup.objects.for_authority(request.authority).visible_to(request.membership)
        group = visible.filter(pk=data["core_group"]).first()
        if group is None:
            raise DjangoValidationError({"core_group": f"No core group with id {data['core_group']} here."})
        meeting = services.book_meeting(
            core_group_id=group.pk,
            by=request.membership,
            scheduled_at=data["scheduled_at"],
            venue_id=data.get("venue"),
            venue_note=data.get("venue_note", ""),
            reason=data.get("reason", ""),
            clash_reason=data.get("clash_reason", ""),
        )
        return self.respond(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=s.MoveIn, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        meeting = self.get_object()
        data = self._body(s.MoveIn)
        meeting = services.move_meeting(
            meeting_id=meeting.pk,
            by=request.membership,
            scheduled_at=data["scheduled_at"],
            reason=data["reason"],
            venue_id=data.get("venue"),
            venue_note=data.get("venue_note"),
            clash_reason=data.get("clash_reason", ""),
        )
        return self.respond(meeting)

    @extend_schema(request=s.CancelIn, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        meeting = self.get_object()
        data = self._body(s.CancelIn)
        meeting = services.cancel_meeting(meeting_id=meeting.pk, by=request.membership, reason=data["reason"])
        return self.respond(meeting)

    @extend_schema(request=s.HoldIn, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, *args, **kwargs):
        meeting = self.get_object()
        minutes = _minutes_in(self._body(s.HoldIn))
        services.record_meeting_held(meeting_id=meeting.pk, by=request.membership, minutes=minutes)
        return self.respond(meeting)

    @extend_schema(request=s.CorrectIn, responses={200: s.MeetingSerializer, 409: s.StaleOut})
    @action(detail=True, methods=["post"])
    def correct(self, request, *args, **kwargs):
        """Correct a held meeting's minutes (as the page does): 409 when they changed since `version`."""
        meeting = self.get_object()
        data = self._body(s.CorrectIn)
        try:
            services.correct_minutes(
                meeting_id=meeting.pk,
                by=request.membership,
                minutes=_minutes_in(data),
                reason=data["reason"],
                expected_version=data["version"],
            )
        except services.StaleMinutes as stale:
            body = {"detail": str(stale), "current_version": stale.current_version}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return self.respond(meeting)

    def _notices(self, service) -> Response:
        meeting = self.get_object()  # not found first; the service then checks who convenes
        made = service(by=self.request.membership, meeting_id=meeting.pk)
        sent = (
            MeetingNotice.objects.for_authority(self.request.authority)
            .filter(pk__in=[n.pk for n in made])
            .order_by("name", "pk")
        )
        return Response(
            notices_api.NoticeSerializer(sent.select_related("sent_by__user", "meeting"), many=True).data
        )

    @extend_schema(request=None, responses=notices_api.NoticeSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None)
    def letters(self, request, *args, **kwargs):
        """Produce a letter, as the meeting is now, for each family member who needs one, and record
        each as sent (print them from `core-group-notices/{id}/pdf/`)."""
        return self._notices(invitations.produce_meeting_letters)

    @extend_schema(request=None, responses=notices_api.NoticeSerializer(many=True))
    @action(
        detail=True,
        methods=["post"],
        url_path="circulate-minutes",
        url_name="circulate-minutes",
        pagination_class=None,
    )
    def circulate_minutes(self, request, *args, **kwargs):
        """Circulate a held meeting's minutes: members with an account are e-mailed a link to the
        professional version (after commit); the family version is recorded as posted to each
        family member not yet sent this version (the answer lists those letters)."""
        return self._notices(circulation.circulate_minutes)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path="minutes-pdf",
        url_name="minutes-pdf",
        renderer_classes=[JSONRenderer, notices_api.PDFRenderer],
    )
    def minutes_pdf(self, request, *args, **kwargs):
        """The minutes of a held meeting as a PDF (404 for a meeting not held)."""
        meeting = self.get_object()
        if meeting.held_on is None or getattr(meeting, "minutes", None) is None:
            raise NotFound("No minutes: this meeting has not been held.")
        response = HttpResponse(documents.render_minutes_pdf(meeting), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{documents.minutes_filename(meeting)}"'
        return response


def _minutes_in(data: dict) -> services.MinutesIn:
    """The body of `hold` or `correct` as the services take it."""
    return services.MinutesIn(
        held_at=data["held_at"],
        venue_id=data.get("venue"),
        venue_note=data["venue_note"],
        purpose=data["purpose"],
        attendance=[
            services.AttendanceIn(a.get("member"), a["status"], attendance_id=a.get("id"))
            for a in data["attendance"]
        ],
        chaired_by=data["chaired_by"],
        minutes_by=data["minutes_by"],
        chair_minuter_reason=data["chair_minuter_reason"],
        reports_from_absent=data["reports_from_absent"],
        progress=[
            services.ProgressIn(p["plan_item"], p["text"], p["agreement"], p["reason"])
            for p in data["progress"]
        ],
        plan_changes=[services.PlanChangeIn(c["plan"], c["text"]) for c in data["plan_changes"]],
        no_plan_changes=data["no_plan_changes"],
        child_voice=data["child_voice"],
        summary=data["summary"],
        actions=[
            services.ActionIn(a["text"], a.get("owner"), a["owner_name"], a.get("due_on"), id=a.get("id"))
            for a in data["actions"]
        ],
        action_points_checked=data["action_points_checked"],
        next_meeting_at=data.get("next_meeting_at"),
        next_venue_id=data.get("next_venue"),
        next_venue_note=data["next_venue_note"],
        clash_reason=data.get("clash_reason", ""),
        minutes_reason=data["minutes_reason"],
        late_reason=data.get("late_reason", ""),
    )


class ActionFilter(filters.FilterSet):
    core_group = filters.NumberFilter(field_name="minutes__meeting__core_group_id")
    open = filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label="Not yet done")

    class Meta:
        model = CoreGroupAction
        fields = ["core_group", "open"]


class ActionViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = CoreGroupAction
    serializer_class = s.ActionSerializer
    filterset_class = ActionFilter

    def narrow_queryset(self, queryset):
        return queryset.order_by("due_on", "pk")

    @extend_schema(request=s.DoneIn, responses=s.ActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, *args, **kwargs):
        item = self.get_object()
        body = s.DoneIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.mark_action_done(
            action_id=item.pk, by=request.membership, done_on=body.validated_data.get("done_on")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


def register(router) -> None:
    router.register("core-groups", CoreGroupViewSet, basename="core-group")
    router.register("core-group-meetings", MeetingViewSet, basename="core-group-meeting")
    router.register("core-group-actions", ActionViewSet, basename="core-group-action")
    notices_api.register(router)
    review_api.register(router)
    attendance_api.register(router)
