"""API for requests to the chair before a conference: a professional slot (PROF-SLOT) or an
observer (OBSERVER), asked for by the people who can see the conference and decided by a chair.
The same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from authorities.api_base import AuthorityViewSet
from authorities.models import Role
from cases.api import ServiceViewSetMixin
from conferences.models import Conference, ObserverRequest, ProfessionalSlotRequest, RequestDecision

from . import services
from .common import REQUESTERS
from .serializers import (
    DecideSerializer,
    FamilyAgreementSerializer,
    ObserverRequestSerializer,
    ProfessionalSlotRequestSerializer,
    RequestObserverSerializer,
    RequestSlotSerializer,
)


class RequestFilter(filters.FilterSet):
    conference = filters.NumberFilter(field_name="conference_id")
    decision = filters.ChoiceFilter(choices=RequestDecision.choices)
    requested_by = filters.NumberFilter(field_name="requested_by_id")


class ProfessionalSlotRequestFilter(RequestFilter):
    class Meta:
        model = ProfessionalSlotRequest
        fields = ["conference", "decision", "requested_by"]


class ObserverRequestFilter(RequestFilter):
    family_agreed = filters.BooleanFilter()

    class Meta:
        model = ObserverRequest
        fields = ["conference", "decision", "requested_by", "family_agreed"]


class _ChairRequestViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    """Requests to the chair: asked by social workers, team managers, chairs and invited
    practitioners (on the conferences they can see); decided by a chair (PROF-SLOT, OBSERVER)."""

    read_serializer = None
    write_serializers: dict = {}

    def narrow_queryset(self, queryset):
        return queryset.select_related("conference").order_by("conference__starts_at", "requested_at", "pk")

    def get_serializer_class(self):
        return self.write_serializers.get(self.action, self.read_serializer)

    def respond(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        data = self.read_serializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def require_role(self, roles, message: str) -> None:
        if self.request.membership.role not in roles:
            raise PermissionDenied(message)

    def visible_conference(self, pk) -> Conference:
        """The conference named in the body, among those this member can see: a 400 on `conference`
        otherwise (another authority's, an uninvited one, or rubbish look alike)."""
        visible = Conference.objects.for_authority(self.request.authority).visible_to(self.request.membership)
        try:
            return visible.get(pk=int(pk))
        except (Conference.DoesNotExist, TypeError, ValueError):
            raise DjangoValidationError({"conference": f"No conference with id {pk} here."}) from None

    def decide_with(self, service) -> Response:
        obj = self.get_object()
        self.require_role({Role.CHAIR}, "Only a conference chair can decide on a request.")
        data = self.valid_data()
        obj = service(
            by=self.request.membership,
            request_id=obj.pk,
            approve=data["approve"],
            reason=data["decision_reason"],
        )
        return self.respond(obj)


class ProfessionalSlotRequestViewSet(_ChairRequestViewSet):
    model = ProfessionalSlotRequest
    serializer_class = ProfessionalSlotRequestSerializer
    read_serializer = ProfessionalSlotRequestSerializer
    write_serializers = {"create": RequestSlotSerializer, "decide": DecideSerializer}
    filterset_class = ProfessionalSlotRequestFilter

    @extend_schema(request=RequestSlotSerializer, responses={201: ProfessionalSlotRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Ask the chair for a professional slot (PROF-SLOT: before the conference day)."""
        self.require_role(REQUESTERS, "Your role here cannot ask the chair for a professional slot.")
        data = self.valid_data()
        slot = services.request_professional_slot(
            by=request.membership,
            conference_id=self.visible_conference(data["conference"]).pk,
            reason=data["reason"],
            late_reason=data["late_reason"],
        )
        return self.respond(slot, status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses=ProfessionalSlotRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        """The chair approves or declines, with a reason."""
        return self.decide_with(services.decide_professional_slot)


class ObserverRequestViewSet(_ChairRequestViewSet):
    model = ObserverRequest
    serializer_class = ObserverRequestSerializer
    read_serializer = ObserverRequestSerializer
    write_serializers = {
        "create": RequestObserverSerializer,
        "decide": DecideSerializer,
        "family_agreement": FamilyAgreementSerializer,
    }
    filterset_class = ObserverRequestFilter

    @extend_schema(request=RequestObserverSerializer, responses={201: ObserverRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Ask the chair to bring an observer (OBSERVER: before the conference day)."""
        self.require_role(REQUESTERS, "Your role here cannot ask the chair for an observer.")
        data = self.valid_data()
        observer = services.request_observer(
            by=request.membership,
            conference_id=self.visible_conference(data["conference"]).pk,
            observer_name=data["observer_name"],
            observer_role=data["observer_role"],
            reason=data["reason"],
            late_reason=data["late_reason"],
        )
        return self.respond(observer, status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses=ObserverRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        """The chair approves or declines, with a reason."""
        return self.decide_with(services.decide_observer)

    @extend_schema(request=FamilyAgreementSerializer, responses=ObserverRequestSerializer)
    @action(detail=True, methods=["post"], url_path="family-agreement")
    def family_agreement(self, request, *args, **kwargs):
        """Record whether the family agreed (OBSERVER: an observer they did not agree to is refused
        entry)."""
        obj = self.get_object()
        self.require_writer()
        observer = services.record_family_agreement(
            by=request.membership, request_id=obj.pk, agreed=self.valid_data()["agreed"]
        )
        return self.respond(observer)


def register(router) -> None:
    """Adds this module's viewsets to the per-authority router."""
    router.register(
        "professional-slot-requests", ProfessionalSlotRequestViewSet, basename="professional-slot-request"
    )
    router.register("observer-requests", ObserverRequestViewSet, basename="observer-request")
