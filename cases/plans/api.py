"""API for plans: child protection plans (with their items, versions and child in need successors)
and child in need plans, read by whoever sees the child; ended through the same services as the
pages (managers end a plan, the social worker or a manager a child in need plan, the head of
service records step-down oversight). Another authority's plan is a 404, a role that may not act a 403."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Subquery
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from authorities.access import MANAGERS
from authorities.api_base import AuthorityViewSet
from authorities.models import Role
from scheduling.models import Deadline

from ..api import ServiceViewSetMixin
from ..models import ChildInNeedPlan, ChildProtectionPlan, PlanItem
from . import reviews, selectors, services
from . import serializers as s
from .items_api import PlanItemViewSet


class PlanFilter(filters.FilterSet):
    child = filters.NumberFilter(field_name="child_id")
    family = filters.NumberFilter(field_name="child__family_id")
    status = filters.ChoiceFilter(
        choices=[("active", "Active"), ("ended", "Ended")], method="filter_status", label="Active or ended"
    )

    def filter_status(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=value == "active")


class ProtectionPlanFilter(PlanFilter):
    class Meta:
        model = ChildProtectionPlan
        fields = ["child", "family", "status", "category", "end_kind"]


class InNeedPlanFilter(PlanFilter):
    class Meta:
        model = ChildInNeedPlan
        fields = ["child", "family", "status", "stepped_down_from"]


class PlanViewSetBase(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    def _allow(self, roles, what: str) -> None:
        if self.request.membership.role not in roles:
            raise PermissionDenied(what)

    def _body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data


class ChildProtectionPlanViewSet(PlanViewSetBase):
    """Child protection plans with their items and the child in need plans that followed them;
    their versions (who, when, why, what changed); ended by a manager, overseen by a head of service."""

    model = ChildProtectionPlan
    serializer_class = s.ChildProtectionPlanSerializer
    filterset_class = ProtectionPlanFilter

    def narrow_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("items", queryset=PlanItem.framework_objects.order_by("kind", "position", "pk")),
            Prefetch("step_downs", queryset=ChildInNeedPlan.framework_objects.order_by("pk")),
        ).order_by("-started_on", "-pk")

    @extend_schema(responses=s.PlanVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, *args, **kwargs):
        plan = self.get_object()
        return Response(s.PlanVersionSerializer(selectors.plan_versions(plan), many=True).data)

    @extend_schema(request=s.EndPlanIn, responses=s.ChildProtectionPlanSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        plan = self.get_object()
        self._allow(MANAGERS, "Only a team manager, service manager or head of service ends a plan.")
        plan = services.end_plan(by=request.membership, plan_id=plan.pk, **self._body(s.EndPlanIn))
        return self.respond(plan)

    @extend_schema(request=s.OversightIn, responses=s.ChildProtectionPlanSerializer)
    @action(detail=True, methods=["post"])
    def oversight(self, request, *args, **kwargs):
        plan = self.get_object()
        self._allow({Role.HEAD_OF_SERVICE}, "Only a head of service records step-down oversight.")
        data = self._body(s.OversightIn)
        plan = services.record_oversight(
            by=request.membership,
            plan_id=plan.pk,
            team_manager_id=data["team_manager"],
            follow_up=data["follow_up"],
            on=data["on"],
        )
        return self.respond(plan)


class ChildInNeedPlanViewSet(PlanViewSetBase):
    """Child in need plans, with the end of their step-down period (STEPDOWN-CIN-3M) where one runs."""

    model = ChildInNeedPlan
    serializer_class = s.ChildInNeedPlanSerializer
    filterset_class = InNeedPlanFilter

    def narrow_queryset(self, queryset):
        step_down = Deadline.framework_objects.filter(
            authority=OuterRef("authority"),
            rule_id=services.STEPDOWN,
            subject_type=ContentType.objects.get_for_model(ChildInNeedPlan),
            subject_id=OuterRef("pk"),
            cancelled_at__isnull=True,
        )
        return queryset.annotate(step_down_until=Subquery(step_down.values("due_on")[:1])).order_by(
            "-started_on", "-pk"
        )

    @extend_schema(request=s.EndInNeedPlanIn, responses=s.ChildInNeedPlanSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        cin = self.get_object()
        self._allow(services.CIN_ENDERS, "Only the social worker or a manager ends a child in need plan.")
        cin = services.end_in_need_plan(
            by=request.membership, plan_id=cin.pk, **self._body(s.EndInNeedPlanIn)
        )
        return self.respond(cin)

    @extend_schema(
        methods=["GET"], request=None, responses=s.InNeedReviewSerializer(many=True), filters=False
    )
    @extend_schema(methods=["POST"], request=s.InNeedReviewIn, responses={201: s.InNeedReviewSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def reviews(self, request, *args, **kwargs):
        """GET: the plan's reviews, earliest first. POST (the social worker or a manager): record
        one; "end" ends the plan on the review's day, with the same checks as `end`."""
        cin = self.get_object()
        if request.method == "GET":
            return Response(s.InNeedReviewSerializer(reviews.reviews_of(cin), many=True).data)
        self._allow(
            services.CIN_ENDERS, "Only the social worker or a manager records a child in need review."
        )
        data = self._body(s.InNeedReviewIn)
        review = reviews.record_in_need_review(
            by=request.membership, plan_id=cin.pk, review=reviews.InNeedReviewIn(**data)
        )
        return Response(s.InNeedReviewSerializer(review).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("protection-plans", ChildProtectionPlanViewSet, basename="protection-plan")
    router.register("in-need-plans", ChildInNeedPlanViewSet, basename="in-need-plan")
    router.register("plan-items", PlanItemViewSet, basename="plan-item")
