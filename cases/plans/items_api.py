"""API for the lines of a child protection plan: read by whoever sees the child; added, changed
and removed between conferences by the case's social worker, their team manager or a chair, through
`cases.plans.items` (the same OUTCOME checks as the room, a reason kept in each version's history).
Another authority's line is a 404, a role that may not change the plan a 403."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from authorities.api_base import AuthorityViewSet

from ..api import ServiceViewSetMixin
from ..models import ChildProtectionPlan, PlanItem
from . import items, selectors
from . import serializers as s

# Body names (as the read shape names them) -> the service's.
_BODY_TO_LINE = {"owner_agency": "owner_agency_id", "answers": "answers_id"}


class PlanItemFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="plan_id")

    class Meta:
        model = PlanItem
        fields = ["plan", "kind"]


class PlanItemViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    """The lines of child protection plans: dangers, safety goals, outcomes and actions."""

    model = PlanItem
    serializer_class = s.PlanItemSerializer
    filterset_class = PlanItemFilter

    def narrow_queryset(self, queryset):
        plans = ChildProtectionPlan.objects.for_authority(self.request.authority).visible_to(
            self.request.membership
        )
        return queryset.filter(plan__in=plans).order_by("plan_id", "kind", "position", "pk")

    def _body(self, serializer_class, **kwargs) -> dict:
        body = serializer_class(data=self.request.data, **kwargs)
        body.is_valid(raise_exception=True)
        return {_BODY_TO_LINE.get(k, k): v for k, v in body.validated_data.items()}

    def _plan_visible(self, plan_id: int) -> None:
        visible = ChildProtectionPlan.objects.for_authority(self.request.authority).visible_to(
            self.request.membership
        )
        if not visible.filter(pk=plan_id).exists():
            raise ValidationError({"plan": ["No such plan here."]})

    @extend_schema(request=s.ProtectionPlanItemIn, responses={201: s.PlanItemSerializer})
    def create(self, request, *args, **kwargs):
        data = self._body(s.ProtectionPlanItemIn)
        plan_id, why = data.pop("plan"), data.pop("why")
        self._plan_visible(plan_id)
        item = items.add_item(by=request.membership, plan_id=plan_id, line=items.PlanLineIn(**data), why=why)
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanItemChangeIn, responses=s.PlanItemSerializer)
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = self._body(s.PlanItemChangeIn, partial=True)
        why = data.pop("why", "")
        item = items.change_item(by=request.membership, item_id=item.pk, changes=data, why=why)
        return self.respond(item)

    @extend_schema(request=s.PlanItemRemoveIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, *args, **kwargs):
        item = self.get_object()
        why = self._body(s.PlanItemRemoveIn)["why"]
        items.remove_item(by=request.membership, item_id=item.pk, why=why)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=s.PlanVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, *args, **kwargs):
        """The line's saved versions, oldest first: who, when, why and what changed."""
        return Response(s.PlanVersionSerializer(selectors.item_versions(self.get_object()), many=True).data)
