"""API for scheduling: conferences (book, move, cancel, what is recorded before) and invitations, under
/api/v1/<authority-slug>/. The same services as the pages, so the rules answer the same way
(a RuleViolation is a 400 with its rule_id)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from authorities.api_base import AuthorityViewSet
from authorities.api_dates import BoundedDateFilter, BoundedDateTimeFilter, BoundedFilterSet
from authorities.rules.ids import RuleId
from cases.api import STATUS_CHOICES, ServiceViewSetMixin
from cases.models import Child, Family, StrategyDiscussion
from cases.selectors import today_for
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
    InviteeKind,
)
from scheduling.models import Deadline

from . import services
from .serializers import (
    CancelSerializer,
    ConferenceSerializer,
    FamilyNeedsSerializer,
    InvitationSerializer,
    InviteSerializer,
    PreMeetingSerializer,
    PreparationSerializer,
    RescheduleSerializer,
    ScheduleConferenceSerializer,
    SeparateArrangementsSerializer,
    SwReportSerializer,
)


def _deadline_subquery(rule_ids, subject_model, subject_field: str):
    return Deadline.framework_objects.filter(
        authority=OuterRef("authority"),
        rule_id__in=rule_ids,
        cancelled_at__isnull=True,
        subject_type=ContentType.objects.get_for_model(subject_model),
        subject_id=OuterRef(subject_field),
    ).order_by("-event_on", "-id")


class StatusFilterMixin(BoundedFilterSet):
    prefix = ""

    def filter_deadline_status(self, queryset, name, value):
        return queryset.filter(today_for(self.request.authority).status_q(value, prefix=self.prefix))


class ConferenceFilter(StatusFilterMixin):
    prefix = "statutory_"
    status = filters.ChoiceFilter(choices=ConferenceStatus.choices)
    kind = filters.ChoiceFilter(choices=ConferenceKind.choices)
    family = filters.NumberFilter(field_name="family_id")
    social_worker = filters.NumberFilter(field_name="social_worker_id")
    starts_after = BoundedDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = BoundedDateTimeFilter(field_name="starts_at", lookup_expr="lte")
    due_before = BoundedDateFilter(field_name="statutory_due_on", lookup_expr="lte")
    deadline_status = filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_deadline_status")

    class Meta:
        model = Conference
        fields = ["status", "kind", "family", "social_worker", "due_before", "deadline_status"]


class ConferenceViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    model = Conference
    serializer_class = ConferenceSerializer
    filterset_class = ConferenceFilter

    def narrow_queryset(self, queryset):
        initial = _deadline_subquery([RuleId.ICPC_15WD], StrategyDiscussion, "strategy_discussion_id")
        review = _deadline_subquery([RuleId.RCPC1_3M, RuleId.RCPCN_6M], Conference, "previous_id")
        return (
            queryset.prefetch_related(Prefetch("children", queryset=Child.framework_objects.only("id")))
            .annotate(
                statutory_rule_id=Subquery(review.values("rule_id")[:1]),
                statutory_due_on=Coalesce(
                    Subquery(initial.values("due_on")[:1]), Subquery(review.values("due_on")[:1])
                ),
                statutory_met_on=Coalesce(
                    Subquery(initial.values("met_on")[:1]), Subquery(review.values("met_on")[:1])
                ),
            )
            .order_by("starts_at", "pk")
        )

    def get_serializer_class(self):
        return {
            "create": ScheduleConferenceSerializer,
            "reschedule": RescheduleSerializer,
            "cancel": CancelSerializer,
            "preparation": PreparationSerializer,
            "family_needs": FamilyNeedsSerializer,
            "separate_arrangements": SeparateArrangementsSerializer,
            "pre_meeting": PreMeetingSerializer,
            "social_worker_report": SwReportSerializer,
        }.get(self.action, ConferenceSerializer)

    def respond(self, obj, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(
            ConferenceSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(request=ScheduleConferenceSerializer, responses=ConferenceSerializer)
    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        conference = services.schedule_conference(
            by=request.membership,
            family_id=self.owned(Family, data["family"], "family").pk,
            kind=data["kind"],
            starts_at=data["starts_at"],
            chair_id=data["chair"],
            child_ids=data.get("children"),
            venue_id=data.get("venue"),
            virtual_link=data.get("virtual_link", ""),
            strategy_discussion_id=data.get("strategy_discussion"),
            late_reason=data.get("late_reason", ""),
            rule_reasons=data.get("rule_reasons") or {},
            clash_reason=data.get("clash_reason", ""),
        )
        return self.respond(conference, status.HTTP_201_CREATED)

    @extend_schema(request=RescheduleSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, *args, **kwargs):
        conference = self.get_object()
        self.require_writer()
        data = self.valid_data()
        conference = services.reschedule_conference(
            by=request.membership,
            conference_id=conference.pk,
            starts_at=data["starts_at"],
            reason=data["reason"],
            venue_id=data.get("venue"),
            virtual_link=data.get("virtual_link"),
            late_reason=data.get("late_reason", ""),
            clash_reason=data.get("clash_reason", ""),
        )
        return self.respond(conference)

    @extend_schema(request=CancelSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        conference = self.get_object()
        self.require_writer()
        conference = services.cancel_conference(
            by=request.membership, conference_id=conference.pk, reason=self.valid_data()["reason"]
        )
        return self.respond(conference)

    # --- before the conference: the same services (and rules) as the pages --------------------

    def _prepared(self, conference_id: int) -> Response:
        conference = Conference.objects.for_authority(self.request.authority).get(pk=conference_id)
        return Response(PreparationSerializer(conference, context=self.get_serializer_context()).data)

    def _record(self, service, **extra) -> Response:
        conference = self.get_object()  # 404 for another authority's or an uninvited conference first
        self.require_writer()
        service(by=self.request.membership, conference_id=conference.pk, **self.valid_data(), **extra)
        return self._prepared(conference.pk)

    @extend_schema(responses=PreparationSerializer)
    @action(detail=True, methods=["get"])
    def preparation(self, request, *args, **kwargs):
        """What is recorded before the conference: family needs, separate arrangements, the chair's
        pre-meeting and the social worker's report."""
        return self._prepared(self.get_object().pk)

    @extend_schema(request=FamilyNeedsSerializer, responses=PreparationSerializer)
    @action(detail=True, methods=["post"], url_path="family-needs")
    def family_needs(self, request, *args, **kwargs):
        """What the family needs to take part: advocacy, interpreter, transport, childcare,
        accessibility; replaces what was recorded (FAMILY-NEEDS)."""
        return self._record(services.record_family_needs)

    @extend_schema(request=SeparateArrangementsSerializer, responses=PreparationSerializer)
    @action(detail=True, methods=["post"], url_path="separate-arrangements")
    def separate_arrangements(self, request, *args, **kwargs):
        """Attendance arrangements where parents cannot attend together (SEPARATE)."""
        return self._record(services.record_separate_arrangements)

    @extend_schema(request=PreMeetingSerializer, responses=PreparationSerializer)
    @action(detail=True, methods=["post"], url_path="pre-meeting")
    def pre_meeting(self, request, *args, **kwargs):
        """The chair's meeting with the parents before the conference (PRE-MEET)."""
        return self._record(services.record_pre_meeting)

    @extend_schema(request=SwReportSerializer, responses=PreparationSerializer)
    @action(detail=True, methods=["post"], url_path="social-worker-report")
    def social_worker_report(self, request, *args, **kwargs):
        """The social worker's report (and draft plan), and when it was shared (SW-REPORT)."""
        return self._record(services.record_sw_report)


class InvitationFilter(StatusFilterMixin):
    prefix = "report_"
    conference = filters.NumberFilter(field_name="conference_id")
    kind = filters.ChoiceFilter(choices=InviteeKind.choices)
    status = filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_deadline_status", label="Report deadline status"
    )
    due_before = BoundedDateFilter(field_name="report_due_on", lookup_expr="lte")
    social_worker = filters.NumberFilter(field_name="conference__social_worker_id")

    class Meta:
        model = Invitation
        fields = ["conference", "kind", "status", "due_before", "social_worker"]


class InvitationViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    model = Invitation
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter

    def narrow_queryset(self, queryset):
        report = _deadline_subquery([RuleId.REPORT_2WD], Invitation, "pk")
        return queryset.annotate(
            report_due_on=Subquery(report.values("due_on")[:1]),
            report_met_on=Subquery(report.values("met_on")[:1]),
        ).order_by("conference_id", "kind", "name", "pk")

    def get_serializer_class(self):
        return InviteSerializer if self.action == "create" else InvitationSerializer

    @extend_schema(request=InviteSerializer, responses=InvitationSerializer)
    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        conference = self.owned(Conference, data["conference"], "conference")
        invitation = self._invite(data["kind"], conference_id=conference.pk, data=data)
        fresh = self.get_queryset().get(pk=invitation.pk)
        return Response(
            InvitationSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _invite(self, kind: str, *, conference_id: int, data: dict) -> Invitation:
        """Each kind of invitee has its own service (and rules): the body's kind picks it."""
        by = self.request.membership
        if kind == InviteeKind.PROFESSIONAL:
            return services.invite_professional(
                by=by,
                conference_id=conference_id,
                membership_id=data.get("membership"),
                name=data["name"],
                email=data["email"],
                agency_id=data.get("agency"),
                role_label=data["role_label"],
            )
        if kind == InviteeKind.PARENT:
            return services.invite_family_member(
                by=by,
                conference_id=conference_id,
                person_id=data.get("person") or 0,
                invited_by=data["invited_by"],
                invited_on=data["invited_on"],
                reason=data["reason"],
            )
        if kind == InviteeKind.CHILD:
            return services.invite_child(
                by=by,
                conference_id=conference_id,
                child_id=data.get("child") or 0,
                views_route=data["views_route"],
                wishes_to_attend=data["wishes_to_attend"],
                invited_by=data["invited_by"],
                invited_on=data["invited_on"],
                reason=data["reason"],
            )
        return services.invite_advocate_or_interpreter(
            by=by,
            conference_id=conference_id,
            kind=kind,
            name=data["name"],
            email=data["email"],
            role_label=data["role_label"],
            invited_by=data["invited_by"] or "email",
            invited_on=data["invited_on"],
        )


def register(router) -> None:
    """Adds this module's viewsets to the per-authority router."""
    router.register("conferences", ConferenceViewSet, basename="conference")
    router.register("invitations", InvitationViewSet, basename="invitation")
