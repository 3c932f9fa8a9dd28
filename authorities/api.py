from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from scheduling.calendars import NoDueDate, calendar_for, timescale_of
from scheduling.engine import DateOutOfRange, due_date

from . import serializers
from .api_base import AuthorityViewSet
from .models import Agency, AgencyType, ClosureDay, RuleSet, RuleSetting, Venue
from .rules.catalogue import RULES_BY_ID
from .selectors import NoRuleSetInForce, rule_set_in_force


class AgencyFilter(filters.FilterSet):
    type = filters.ChoiceFilter(choices=AgencyType.choices)

    class Meta:
        model = Agency
        fields = ["type", "is_active"]


class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Agency
    serializer_class = serializers.AgencySerializer
    filterset_class = AgencyFilter


class VenueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Venue
    serializer_class = serializers.VenueSerializer
    filterset_fields = ["is_active"]


class ClosureDayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = ClosureDay
    serializer_class = serializers.ClosureDaySerializer
    filterset_fields = {"date": ["gte", "lte"]}


class RuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = RuleSet
    serializer_class = serializers.RuleSetSerializer
    filterset_fields = {"effective_from": ["gte", "lte"]}

    def narrow_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("settings", queryset=RuleSetting.framework_objects.order_by("id"))
        )

    @extend_schema(parameters=[serializers.DueDateQuerySerializer], responses=serializers.DueDateSerializer)
    @action(detail=False, methods=["get"], url_path="due-date")
    def due_date(self, request, authority_slug=None):
        """Due date of a timescale rule counted from an event, by the rule set in force then."""
        query = serializers.DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rule_id, event = query.validated_data["rule_id"], query.validated_data["event"]
        if rule_id not in RULES_BY_ID:
            raise ValidationError({"rule_id": [f"unknown rule {rule_id!r}"]})
        try:
            rule_set = rule_set_in_force(request.authority, on=event)
            due = due_date(timescale_of(rule_set, rule_id), event, calendar_for(request.authority))
        except (NoRuleSetInForce, DateOutOfRange) as not_countable:
            raise ValidationError({"event": [str(not_countable)]}) from None
        except (NoDueDate, ValueError) as no_due:
            raise ValidationError({"rule_id": [str(no_due)]}) from None
        body = {
            "rule_id": rule_id,
            "event": event,
            "due": due,
            "rule_set_effective_from": rule_set.effective_from,
            "mode": rule_set.mode(rule_id),
        }
        return Response(serializers.DueDateSerializer(body).data)
