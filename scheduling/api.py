"""API routes of the scheduling app: deadlines (read), escalations (raise and work on them),
each person's own notifications (read, mark read)."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from authorities import api as authorities_api
from authorities import serializers as authorities_serializers
from authorities.access import CASE_WRITERS, MANAGERS
from authorities.api_base import AuthorityViewSet
from authorities.api_dates import BoundedFilterSet
from authorities.models import Role
from authorities.rules.catalogue import RULES_BY_ID
from authorities.selectors import NoRuleSetInForce, rule_set_in_force

from . import escalations
from .calendars import NoDueDate, calendar_for, timescale_of
from .engine import DateOutOfRange, due_date
from .models import Deadline, Escalation, Notification
from .serializers import (
    DeadlineSerializer,
    EscalationSerializer,
    EscalationStepSerializer,
    NotificationSerializer,
    RaiseEscalationSerializer,
)
from .services import mark_notifications_read


class RuleSetViewSet(authorities_api.RuleSetViewSet):
    """Rule sets (from authorities), with the engine's answer to "when is it due?" on them."""

    @extend_schema(
        parameters=[authorities_serializers.DueDateQuerySerializer],
        responses=authorities_serializers.DueDateSerializer,
    )
    @action(detail=False, methods=["get"], url_path="due-date")
    def due_date(self, request, authority_slug=None):
        """Due date of a timescale rule counted from an event, by the rule set in force then."""
        query = authorities_serializers.DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rule_id, event = query.validated_data["rule_id"], query.validated_data["event"]
        if rule_id not in RULES_BY_ID:
            raise exceptions.ValidationError({"rule_id": [f"unknown rule {rule_id!r}"]})
        try:
            rule_set = rule_set_in_force(request.authority, on=event)
            due = due_date(timescale_of(rule_set, rule_id), event, calendar_for(request.authority))
        except (NoRuleSetInForce, DateOutOfRange) as not_countable:
            raise exceptions.ValidationError({"event": [str(not_countable)]}) from None
        except (NoDueDate, ValueError) as no_due:
            raise exceptions.ValidationError({"rule_id": [str(no_due)]}) from None
        body = {
            "rule_id": rule_id,
            "event": event,
            "due": due,
            "rule_set_effective_from": rule_set.effective_from,
            "mode": rule_set.mode(rule_id),
        }
        return Response(authorities_serializers.DueDateSerializer(body).data)


class DeadlineFilter(BoundedFilterSet):
    family = filters.NumberFilter(field_name="family_id")

    class Meta:
        model = Deadline
        fields = {
            "status": ["exact", "in"],
            "rule_id": ["exact"],
            "due_on": ["gte", "lte"],
        }


class DeadlineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Deadline
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter


class EscalationFilter(filters.FilterSet):
    family = filters.NumberFilter(field_name="family_id")

    class Meta:
        model = Escalation
        fields = {"status": ["exact", "in"], "kind": ["exact"], "level": ["exact"]}


class EscalationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Escalation
    serializer_class = EscalationSerializer
    filterset_class = EscalationFilter

    def narrow_queryset(self, queryset):
        return queryset.prefetch_related("events")

    @extend_schema(request=RaiseEscalationSerializer, responses={201: EscalationSerializer})
    def create(self, request, authority_slug=None):
        """Raise an escalation by hand, at the first rung of the authority's ladder."""
        if request.membership.role not in CASE_WRITERS | MANAGERS:
            raise exceptions.PermissionDenied("Only social workers, chairs and managers raise escalations.")
        body = RaiseEscalationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        escalation = escalations.raise_escalation(
            by=request.membership,
            kind=body.validated_data["kind"],
            reason=body.validated_data["reason"],
            family_id=body.validated_data.get("family"),
        )
        return Response(EscalationSerializer(escalation).data, status=status.HTTP_201_CREATED)

    def _step(self, request, step: str):
        escalation = self.get_object()
        membership = request.membership
        allowed = (
            membership.role != Role.PRACTITIONER
            if step == "comment"
            else escalations.may_act_on(membership, escalation)
        )
        if not allowed:
            raise exceptions.PermissionDenied("Your role may not do this to this escalation.")
        body = EscalationStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data["note"]
        if step == "acknowledge":
            result = escalations.acknowledge_escalation(escalation_id=escalation.pk, by=membership, note=note)
        elif step == "comment":
            escalations.comment_on_escalation(escalation_id=escalation.pk, by=membership, note=note)
            result = escalation
        elif step == "move_up":
            result = escalations.move_up_escalation(escalation_id=escalation.pk, by=membership, reason=note)
        else:
            result = escalations.resolve_escalation(
                escalation_id=escalation.pk, by=membership, resolution=note
            )
        fresh = (
            Escalation.objects.for_authority(request.authority).prefetch_related("events").get(pk=result.pk)
        )
        return Response(EscalationSerializer(fresh).data)

    @extend_schema(request=EscalationStepSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, authority_slug=None, pk=None):
        return self._step(request, "acknowledge")

    @extend_schema(request=EscalationStepSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"])
    def comment(self, request, authority_slug=None, pk=None):
        return self._step(request, "comment")

    @extend_schema(request=EscalationStepSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"], url_path="move-up")
    def move_up(self, request, authority_slug=None, pk=None):
        """Open the next rung (returns the new, higher escalation)."""
        return self._step(request, "move_up")

    @extend_schema(request=EscalationStepSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, authority_slug=None, pk=None):
        return self._step(request, "resolve")


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["kind"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    """What was sent to you in this authority (the queryset is narrowed to the caller)."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, authority_slug=None, pk=None):
        notification = self.get_object()
        mark_notifications_read(by=request.membership, notification_id=notification.pk)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


def register(router) -> None:
    router.register("deadlines", DeadlineViewSet, basename="deadline")
    router.register("escalations", EscalationViewSet, basename="escalation")
    router.register("notifications", NotificationViewSet, basename="notification")
