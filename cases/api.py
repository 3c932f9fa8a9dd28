"""API for cases: families, children, parents and carers, strategy discussions.

Reads follow the same scoping and visibility as the pages (AuthorityViewSet). Writes go through
`cases.services`, for social workers, team managers and chairs only; the object is looked up first
(404 for another authority's), then the role is checked (403)."""

from __future__ import annotations

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django_filters import rest_framework as filters
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.audit import AuditedReadsMixin, Subject
from accounts.models import AccessAction
from authorities.access import CASE_WRITERS
from authorities.api_base import AuthorityViewSet
from authorities.api_dates import BoundedDateFilter, BoundedFilterSet
from authorities.compiled_reads import CompiledRead
from authorities.rules.ids import RuleId
from scheduling.engine import DeadlineStatus
from scheduling.models import Deadline

from . import selectors, services
from .models import Child, Family, Person, Relationship, StrategyDiscussion
from .serializers import (
    ChildSerializer,
    FamilyListSerializer,
    FamilySerializer,
    PersonSerializer,
    StrategyDiscussionSerializer,
)

STATUS_CHOICES = [(s.value, s.label) for s in DeadlineStatus]


class ServiceViewSetMixin:
    """Writes through services: role checked after the lookup; service refusals become 400s."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        authority = getattr(self.request, "authority", None)
        # Only the calendar and the "due soon" window: the serializers ask nothing else of it.
        context["today"] = cache(lambda: selectors.today_for(authority, rules=False))
        return context

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Another authority's (or an invisible) object is "not found" whatever the method, so a
        # 405 never confirms that an id exists.
        if self.kwargs.get(self.lookup_url_kwarg or self.lookup_field) is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def require_writer(self) -> None:
        if self.request.membership.role not in CASE_WRITERS:
            raise PermissionDenied("Only a social worker, team manager or chair can change this.")

    def valid_data(self, partial: bool = False) -> dict:
        serializer = self.get_serializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def owned(self, model, pk, field: str):
        """An id from the body, looked up in this authority: another's (or rubbish) is a 400 on that field."""
        try:
            return model.objects.for_authority(self.request.authority).get(pk=int(pk))
        except (model.DoesNotExist, TypeError, ValueError):
            raise DjangoValidationError(
                {field: f"No {model._meta.verbose_name} with id {pk} here."}
            ) from None


def icpc_annotations(queryset, *, by_family: bool):
    """The latest live ICPC-15WD deadline, as `icpc_due_on` and `icpc_met_on`."""
    deadlines = Deadline.framework_objects.filter(
        authority=OuterRef("authority"), rule_id=RuleId.ICPC_15WD, cancelled_at__isnull=True
    )
    if by_family:
        deadlines = deadlines.filter(family_id=OuterRef("pk"))
    else:
        deadlines = deadlines.filter(
            subject_type=ContentType.objects.get_for_model(StrategyDiscussion), subject_id=OuterRef("pk")
        )
    deadlines = deadlines.order_by("-event_on", "-id")
    return queryset.annotate(
        icpc_due_on=Subquery(deadlines.values("due_on")[:1]),
        icpc_met_on=Subquery(deadlines.values("met_on")[:1]),
    )


class DeadlineFilterSet(BoundedFilterSet):
    status = filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label="ICPC deadline status"
    )
    due_before = BoundedDateFilter(field_name="icpc_due_on", lookup_expr="lte", label="Due on or before")

    def filter_status(self, queryset, name, value):
        today = selectors.today_for(self.request.authority)
        return queryset.filter(today.status_q(value, prefix="icpc_"))


class FamilyFilter(DeadlineFilterSet):
    social_worker = filters.NumberFilter(field_name="social_worker_id")
    q = filters.CharFilter(method="filter_search", label="Name, reference or date of birth")

    class Meta:
        model = Family
        fields = ["status", "due_before", "social_worker", "q"]

    def filter_search(self, queryset, name, value):
        found = selectors.families_for(self.request.membership, search=value)
        return queryset.filter(pk__in=found.values("pk"))


# A page's children by the families' ids, on every page of the list: the SQL is compiled once per
# process for each length of page. `family__id__in`, not `family_id__in`: the same SQL, without
# Django checking each id as a related object.
_children_ids = CompiledRead(
    lambda authority, families: (
        Child.objects.for_authority(authority).filter(family__id__in=families).values_list("family_id", "id")
    )
)


class FamilyViewSet(
    AuditedReadsMixin, ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    audited_actions = {"retrieve": AccessAction.CASE_VIEW}
    audit_subject = Subject(case="pk")
    model = Family
    serializer_class = FamilySerializer
    filterset_class = FamilyFilter

    def narrow_queryset(self, queryset):
        queryset = queryset.order_by("name", "pk")
        if self.action != "list":  # the list reads the children's ids itself (see `list`)
            queryset = queryset.prefetch_related(
                Prefetch("children", queryset=Child.framework_objects.only("id", "family_id"))
            )
        return icpc_annotations(queryset, by_family=True)

    def filter_queryset(self, queryset):
        # With nothing in the query but the page number the filter set filters nothing, yet
        # making it (a form, its fields, their cleaning) cost more than the list's own SQL.
        if self.action == "list" and self.request.query_params.keys() <= {self.paginator.page_query_param}:
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """A page of families as plain rows (FamilyListSerializer): same JSON, a fraction of the cost."""
        rows = self.paginate_queryset(
            self.filter_queryset(self.get_queryset()).values(*FamilyListSerializer.COLUMNS)
        )
        children: dict[int, list[int]] = {}
        for family_id, child_id in _children_ids(request.authority.pk, [row["id"] for row in rows]):
            children.setdefault(family_id, []).append(child_id)
        for row in rows:
            row["children"] = children.get(row["id"], [])
        return self.get_paginated_response(FamilyListSerializer.rows(rows, self.get_serializer_context()))

    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        family = services.create_family(
            by=request.membership,
            name=data["name"],
            reference=data.get("reference", ""),
            address=data.get("address", ""),
            social_worker_id=data.get("social_worker_id"),
            referral_on=data.get("referral_on"),
            referral_source=data.get("referral_source", ""),
            primary_need=data.get("primary_need", ""),
        )
        return self.respond(family, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        family = self.get_object()
        self.require_writer()
        data = self.valid_data(partial=kwargs.get("partial", False))
        family = services.update_family(
            by=request.membership,
            family_id=family.pk,
            name=data.get("name", family.name),
            reference=data.get("reference", family.reference),
            address=data.get("address", family.address),
            social_worker_id=data.get("social_worker_id"),
            referral_on=data.get("referral_on", family.referral_on),
            referral_source=data.get("referral_source", family.referral_source),
            primary_need=data.get("primary_need", family.primary_need),
        )
        return self.respond(family)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class ChildFilter(filters.FilterSet):
    family = filters.NumberFilter(field_name="family_id")
    q = filters.CharFilter(method="filter_search", label="Name or date of birth")

    class Meta:
        model = Child
        fields = ["family", "unborn", "q"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


def _child_details(data: dict, base: Child | None = None) -> services.ChildDetails:
    """Fields given in the body, the rest as they are now (or the defaults for a new child)."""
    values = {}
    for name in services.CHILD_FIELDS:
        if name in data:
            values[name] = data[name]
        elif base is not None:
            values[name] = getattr(base, name)
    return services.ChildDetails(**values)


class ChildViewSet(
    AuditedReadsMixin, ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    audited_actions = {"retrieve": AccessAction.CHILD_VIEW}
    audit_subject = Subject(case="family_id", child="pk")
    model = Child
    serializer_class = ChildSerializer
    filterset_class = ChildFilter

    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        family = self.owned(Family, data["family_id"], "family")
        child = services.add_child(by=request.membership, family_id=family.pk, details=_child_details(data))
        return self.respond(child, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        child = self.get_object()
        self.require_writer()
        data = self.valid_data(partial=True)
        child = services.update_child(
            by=request.membership, child_id=child.pk, details=_child_details(data, child)
        )
        return self.respond(child)

    partial_update = update


class PersonViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    model = Person
    serializer_class = PersonSerializer
    filterset_fields = ["family"]

    def narrow_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("relationships", queryset=Relationship.framework_objects.order_by("id"))
        )

    @staticmethod
    def _details(data: dict, base: Person | None = None) -> services.PersonDetails:
        values = {}
        for name in services.PERSON_FIELDS:
            if name in data:
                values[name] = data[name]
            elif base is not None:
                values[name] = getattr(base, name)
        return services.PersonDetails(**values)

    @staticmethod
    def _relationships(data: dict) -> list[services.RelationshipDetails] | None:
        if "relationships" not in data:
            return None
        return [services.RelationshipDetails(**r) for r in data["relationships"]]

    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        family = self.owned(Family, data["family_id"], "family")
        person = services.add_person(
            by=request.membership,
            family_id=family.pk,
            details=self._details(data),
            relationships=self._relationships(data) or [],
        )
        return self.respond(person, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        person = self.get_object()
        self.require_writer()
        data = self.valid_data(partial=True)
        person = services.update_person(
            by=request.membership,
            person_id=person.pk,
            details=self._details(data, person),
            relationships=self._relationships(data),
        )
        return self.respond(person)

    partial_update = update


class StrategyDiscussionFilter(DeadlineFilterSet):
    family = filters.NumberFilter(field_name="family_id")
    social_worker = filters.NumberFilter(field_name="family__social_worker_id")

    class Meta:
        model = StrategyDiscussion
        fields = ["family", "section47_started", "status", "due_before", "social_worker"]


class StrategyDiscussionViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    model = StrategyDiscussion
    serializer_class = StrategyDiscussionSerializer
    filterset_class = StrategyDiscussionFilter

    def narrow_queryset(self, queryset):
        queryset = queryset.prefetch_related(
            Prefetch("children", queryset=Child.framework_objects.only("id"))
        )
        return icpc_annotations(queryset, by_family=False)

    def create(self, request, *args, **kwargs):
        self.require_writer()
        data = self.valid_data()
        family = self.owned(Family, data["family_id"], "family")
        discussion = services.record_strategy_discussion(
            by=request.membership,
            family_id=family.pk,
            held_on=data["held_on"],
            attendees=data["attendees"],
            outcome=data["outcome"],
            section47_started=data.get("section47_started", False),
            icpc_not_required=data.get("icpc_not_required", False),
            child_ids=data["child_ids"],
        )
        return self.respond(discussion, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        discussion = self.get_object()
        self.require_writer()
        data = self.valid_data(partial=True)
        discussion = services.update_strategy_discussion(
            by=request.membership,
            discussion_id=discussion.pk,
            held_on=data.get("held_on", discussion.held_on),
            attendees=data.get("attendees", discussion.attendees),
            outcome=data.get("outcome", discussion.outcome),
            section47_started=data.get("section47_started", discussion.section47_started),
            icpc_not_required=data.get("icpc_not_required", discussion.icpc_not_required),
            child_ids=data.get("child_ids", [c.pk for c in discussion.children.all()]),
        )
        return self.respond(discussion)

    partial_update = update


def register(router) -> None:
    router.register("families", FamilyViewSet, basename="family")
    router.register("children", ChildViewSet, basename="child")
    router.register("people", PersonViewSet, basename="person")
    router.register("strategy-discussions", StrategyDiscussionViewSet, basename="strategy-discussion")
