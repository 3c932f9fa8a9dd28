from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import mixins

from . import serializers
from .api_base import AuthorityViewSet
from .models import Agency, AgencyType, ClosureDay, RuleSet, RuleSetting, Venue


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
