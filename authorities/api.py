from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import mixins

from . import serializers
from .api_base import AuthorityViewSet
from .api_dates import BoundedFilterSet
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


class ClosureDayFilter(BoundedFilterSet):
    class Meta:
        model = ClosureDay
        fields = {"date": ["gte", "lte"]}


class RuleSetFilter(BoundedFilterSet):
    class Meta:
        model = RuleSet
        fields = {"effective_from": ["gte", "lte"]}


class VenueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Venue
    serializer_class = serializers.VenueSerializer
    filterset_fields = ["is_active"]


class ClosureDayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = ClosureDay
    serializer_class = serializers.ClosureDaySerializer
    filterset_class = ClosureDayFilter


class RuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = RuleSet
    serializer_class = serializers.RuleSetSerializer
    filterset_class = RuleSetFilter

    def narrow_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("settings", queryset=RuleSetting.framework_objects.order_by("id"))
        )
