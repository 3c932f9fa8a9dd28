"""API for the live conference under /api/v1/<authority-slug>/live-conferences/<id>/: the live
state, and each change the chair makes in the room, through the same services as the page.
Outline plan actions under /api/v1/<authority-slug>/plan-actions/: read, and marked done (or not
done after all) by a chair, the case's social worker or their team manager
(conferences.live.plan_actions)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from authorities.api_base import AuthorityViewSet
from authorities.models import Role
from cases.api import ServiceViewSetMixin
from conferences.models import Conference, OutlinePlanItem
from conferences.selectors import load_live
from scheduling.models import Deadline

from . import plan_actions
from . import serializers as s
from . import services as live
from .long_plan import answer_long_plan
from .state_data import live_data


class LiveConferenceViewSet(mixins.RetrieveModelMixin, AuthorityViewSet):
    """Read by staff; changed only by the conference's chair (403 for others). Practitioners,
    even invited ones, see nothing of the live conference (404)."""

    model = Conference
    serializer_class = s.ReasonIn
    filterset_class = None

    def narrow_queryset(self, queryset):
        if self.request.membership.role == Role.PRACTITIONER:
            return queryset.none()
        return queryset.select_related("authority", "family")

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Another authority's (or an invisible) conference is not found, whatever the method:
        # a 405 would confirm that the id exists.
        if kwargs.get("pk") is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return Response(live_data(load_live(self.get_object())))

    def _do(self, serializer_class, call):
        conference = self.get_object()
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        try:
            call(conference, body.validated_data, self.request.membership)
        except live.StaleEdit as stale:
            return Response(
                {
                    "detail": str(stale),
                    "current_text": stale.current_text,
                    "current_version": stale.current_version,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ObjectDoesNotExist:
            raise NotFound("That is not part of this conference.") from None
        conference.refresh_from_db()
        return Response(live_data(load_live(conference)))

    @extend_schema(request=s.StartIn)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        return self._do(
            s.StartIn,
            lambda c, d, by: live.start_conference(
                conference_id=c.pk,
                held_day=d["held_day"],
                held_reason=d["held_reason"],
                reasons=dict(d["reasons"]),
                by=by,
            ),
        )

    @extend_schema(request=s.LongPlanIn)
    @action(detail=True, methods=["post"], url_path="long-plan")
    def long_plan(self, request, *args, **kwargs):
        return self._do(
            s.LongPlanIn,
            lambda c, d, by: answer_long_plan(
                conference_id=c.pk, child_id=d["child"], answer=d["answer"], by=by
            ),
        )

    @extend_schema(request=s.AttendanceIn)
    @action(detail=True, methods=["post"])
    def attendance(self, request, *args, **kwargs):
        return self._do(
            s.AttendanceIn,
            lambda c, d, by: live.record_attendance(
                conference_id=c.pk,
                invitation_id=d["invitation"],
                attendance=d["attendance"],
                proxy_name=d["proxy_name"],
                views_route=d["views_route"],
                reason=d["reason"],
                by=by,
            ),
        )

    @extend_schema(request=s.ReasonIn)
    @action(detail=True, methods=["post"], url_path="go-ahead")
    def go_ahead(self, request, *args, **kwargs):
        return self._do(
            s.ReasonIn,
            lambda c, d, by: live.go_ahead_inquorate(conference_id=c.pk, reason=d["reason"], by=by),
        )

    @extend_schema(request=s.ReasonIn)
    @action(detail=True, methods=["post"])
    def adjourn(self, request, *args, **kwargs):
        return self._do(
            s.ReasonIn,
            lambda c, d, by: live.adjourn_conference(conference_id=c.pk, reason=d["reason"], by=by),
        )

    @extend_schema(request=s.AgendaNoteIn)
    @action(detail=True, methods=["post"], url_path="agenda-notes")
    def agenda_notes(self, request, *args, **kwargs):
        return self._do(
            s.AgendaNoteIn,
            lambda c, d, by: live.save_agenda_note(
                conference_id=c.pk,
                section_key=d["section"],
                text=d["text"],
                expected_version=d["version"],
                by=by,
            ),
        )

    @extend_schema(request=s.ParentViewIn)
    @action(detail=True, methods=["post"], url_path="parent-views")
    def parent_views(self, request, *args, **kwargs):
        return self._do(
            s.ParentViewIn,
            lambda c, d, by: live.record_parent_views(
                conference_id=c.pk,
                person_id=d["person"],
                name=d["name"],
                given=d["given"],
                format=d["format"],
                views=d["views"],
                by=by,
            ),
        )

    @extend_schema(request=s.OpinionIn)
    @action(detail=True, methods=["post"])
    def opinions(self, request, *args, **kwargs):
        return self._do(
            s.OpinionIn,
            lambda c, d, by: live.record_opinion(
                conference_id=c.pk,
                child_id=d["child"],
                invitation_id=d["invitation"],
                plan_needed=d["plan_needed"],
                reasons=d["reasons"],
                category=d["category"],
                score=d["score"],
                by=by,
            ),
        )

    @extend_schema(request=s.TriggerIn)
    @action(detail=True, methods=["post"])
    def triggers(self, request, *args, **kwargs):
        return self._do(
            s.TriggerIn,
            lambda c, d, by: live.respond_to_trigger(
                conference_id=c.pk,
                child_id=d["child"],
                rule_id=d["rule_id"],
                action=d["action"],
                note=d["note"],
                by=by,
            ),
        )

    @extend_schema(request=s.DecisionIn)
    @action(detail=True, methods=["post"])
    def decisions(self, request, *args, **kwargs):
        return self._do(
            s.DecisionIn,
            lambda c, d, by: live.record_decision(
                conference_id=c.pk,
                child_id=d["child"],
                outcome=d["outcome"],
                category=d["category"],
                rationale=d["rationale"],
                step_down_route=d["step_down_route"],
                step_down_rationale=d["step_down_rationale"],
                oversight_by_id=d["oversight_by"],
                by=by,
            ),
        )

    @extend_schema(request=s.DissentIn)
    @action(detail=True, methods=["post"])
    def dissents(self, request, *args, **kwargs):
        return self._do(
            s.DissentIn,
            lambda c, d, by: live.record_dissent(
                conference_id=c.pk,
                decision_id=d["decision"],
                invitation_id=d["invitation"],
                reasons=d["reasons"],
                by=by,
            ),
        )

    @extend_schema(request=s.PlanIn)
    @action(detail=True, methods=["post"])
    def plan(self, request, *args, **kwargs):
        return self._do(
            s.PlanIn,
            lambda c, d, by: live.record_plan(
                conference_id=c.pk,
                expected_version=d["version"],
                contingency=d["contingency"],
                bottom_lines=d["bottom_lines"],
                resource_plan_review=d["resource_plan_review"],
                safety_plan_review=d["safety_plan_review"],
                by=by,
            ),
        )

    @extend_schema(request=s.PlanItemIn)
    @action(detail=True, methods=["post"], url_path="plan-items")
    def plan_items(self, request, *args, **kwargs):
        return self._do(
            s.PlanItemIn,
            lambda c, d, by: live.add_plan_item(
                conference_id=c.pk,
                kind=d["kind"],
                text=d["text"],
                plan_kind=d["plan_kind"],
                indicators=d["indicators"],
                collected_by=d["collected_by"],
                owner_agency_id=d["owner_agency"],
                owner_name=d["owner_name"],
                due_on=d["due_on"],
                answers_id=d["answers"],
                frequency=d["frequency"],
                by=by,
            ),
        )

    @extend_schema(request=s.ActionDueIn)
    @action(detail=True, methods=["post"], url_path="action-due-date")
    def action_due_date(self, request, *args, **kwargs):
        return self._do(
            s.ActionDueIn,
            lambda c, d, by: live.change_action_due_date(
                conference_id=c.pk, item_id=d["item"], due_on=d["due_on"], by=by
            ),
        )

    @extend_schema(request=s.PlanItemRef)
    @action(detail=True, methods=["post"], url_path="remove-plan-item")
    def remove_plan_item(self, request, *args, **kwargs):
        return self._do(
            s.PlanItemRef,
            lambda c, d, by: live.remove_plan_item(conference_id=c.pk, item_id=d["item"], by=by),
        )

    @extend_schema(request=s.OutcomeTellerIn)
    @action(detail=True, methods=["post"], url_path="outcome-teller")
    def outcome_teller(self, request, *args, **kwargs):
        return self._do(
            s.OutcomeTellerIn,
            lambda c, d, by: live.record_outcome_teller(
                conference_id=c.pk, name=d["name"], expected_version=d["version"], by=by
            ),
        )

    @extend_schema(request=s.NextDatesIn)
    @action(detail=True, methods=["post"], url_path="next-dates")
    def next_dates(self, request, *args, **kwargs):
        return self._do(
            s.NextDatesIn,
            lambda c, d, by: live.book_next_dates(
                conference_id=c.pk,
                next_review_on=d["next_review_on"],
                first_core_group_at=d["first_core_group_at"],
                venue_id=d["venue"],
                reason=d["reason"],
                clash_reason=d["clash_reason"],
                by=by,
            ),
        )

    @extend_schema(request=s.CoreGroupIn)
    @action(detail=True, methods=["post"], url_path="core-group")
    def core_group(self, request, *args, **kwargs):
        return self._do(
            s.CoreGroupIn,
            lambda c, d, by: live.name_core_group_members(
                conference_id=c.pk,
                invitation_ids=d["invitations"],
                person_ids=d["people"],
                other_names=[tuple(pair) for pair in d["others"]],
                by=by,
            ),
        )

    @extend_schema(request=s.ReasonIn)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._do(
            s.ReasonIn, lambda c, d, by: live.hold_conference(conference_id=c.pk, reason=d["reason"], by=by)
        )


class PlanActionFilter(filters.FilterSet):
    conference = filters.NumberFilter(field_name="plan__conference_id")
    family = filters.NumberFilter(field_name="plan__conference__family_id")
    open = filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label="Not yet done")

    class Meta:
        model = OutlinePlanItem
        fields = ["conference", "family", "open"]


class PlanActionViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    """Actions of conferences' outline plans, with their OUTCOME deadline's status. Practitioners
    see none (404), as they see nothing of the live conference."""

    model = OutlinePlanItem
    serializer_class = s.PlanActionSerializer
    filterset_class = PlanActionFilter

    def narrow_queryset(self, queryset):
        deadlines = Deadline.objects.for_authority(self.request.authority).filter(
            rule_id=plan_actions.ACTION_RULE,
            subject_type=ContentType.objects.get_for_model(OutlinePlanItem),
            subject_id=OuterRef("pk"),
            cancelled_at__isnull=True,
        )
        return (
            queryset.actions()
            .select_related("plan", "owner_agency")
            .annotate(
                deadline_due_on=Subquery(deadlines.values("due_on")[:1]),
                deadline_met_on=Subquery(deadlines.values("met_on")[:1]),
            )
            .order_by("due_on", "pk")
        )

    @extend_schema(request=s.ActionDoneIn, responses=s.PlanActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, *args, **kwargs):
        item = self.get_object()
        body = s.ActionDoneIn(data=request.data)
        body.is_valid(raise_exception=True)
        plan_actions.mark_plan_action_done(
            item_id=item.pk, by=request.membership, done_on=body.validated_data["done_on"]
        )
        return self.respond(item)

    @extend_schema(request=s.ActionNotDoneIn, responses=s.PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path="not-done")
    def not_done(self, request, *args, **kwargs):
        """Take back "done" on an action marked done by mistake, with the reason (as on the page)."""
        item = self.get_object()
        body = s.ActionNotDoneIn(data=request.data)
        body.is_valid(raise_exception=True)
        plan_actions.mark_plan_action_not_done(
            item_id=item.pk, by=request.membership, reason=body.validated_data["reason"]
        )
        return self.respond(item)


def register(router) -> None:
    """Adds this module's viewsets to the per-authority router."""
    router.register("live-conferences", LiveConferenceViewSet, basename="live-conference")
    router.register("plan-actions", PlanActionViewSet, basename="plan-action")
