"""API shapes for plans. Writes go through `cases.plans.services`; these only validate the shape."""

from __future__ import annotations

from rest_framework import serializers

from authorities.text_limits import name_serializer_field, notes_serializer_field, reason_serializer_field

from ..models import (
    ENDS_OUTSIDE_REVIEW,
    ChildInNeedPlan,
    ChildInNeedReview,
    ChildProtectionPlan,
    InNeedReviewOutcome,
    PlanEndKind,
    PlanItem,
    PlanItemKind,
)


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "kind",
            "text",
            "answers",
            "indicators",
            "collected_by",
            "owner_name",
            "owner_agency",
            "due_on",
            "done_on",
            "position",
        ]
        read_only_fields = fields


class ChildProtectionPlanSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="active or ended")
    in_need_plans = serializers.PrimaryKeyRelatedField(
        source="step_downs",
        many=True,
        read_only=True,
        help_text="The child in need plans that followed this plan (STEPDOWN-CIN-3M).",
    )
    items = PlanItemSerializer(many=True, read_only=True)
    started_at_conference = serializers.IntegerField(
        source="started_at_conference_id", read_only=True, allow_null=True
    )
    ended_at_conference = serializers.IntegerField(
        source="ended_at_conference_id", read_only=True, allow_null=True
    )
    end_kind = serializers.ChoiceField(
        choices=PlanEndKind.choices,
        allow_blank=True,
        read_only=True,
        help_text="Why the plan ended (blank while it runs).",
    )

    class Meta:
        model = ChildProtectionPlan
        fields = [
            "id",
            "child",
            "category",
            "status",
            "started_on",
            "started_at_conference",
            "ended_on",
            "ended_at_conference",
            "end_kind",
            "end_reason",
            "ended_by",
            "danger_statement",
            "contingency_plan",
            "bottom_lines",
            "items",
            "in_need_plans",
            "oversight_by",
            "oversight_team_manager",
            "oversight_follow_up",
            "oversight_recorded_on",
        ]
        read_only_fields = fields


class ChildInNeedPlanSerializer(serializers.ModelSerializer):
    step_down_until = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The first day this plan may end without a reason; null when no step-down period runs "
        "(STEPDOWN-CIN-3M).",
    )

    class Meta:
        model = ChildInNeedPlan
        fields = [
            "id",
            "child",
            "started_on",
            "stepped_down_from",
            "step_down_until",
            "ended_on",
            "end_reason",
            "ended_by",
            "notes",
        ]
        read_only_fields = fields


class PlanVersionSerializer(serializers.Serializer):
    """One saved version of a plan: who changed it, when, why, and what changed."""

    version = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    changed_by = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    change = serializers.ChoiceField(choices=[("created", "created"), ("changed", "changed")])
    changes = serializers.DictField(
        child=serializers.JSONField(allow_null=True), help_text="Each changed field's new value."
    )


class EndPlanIn(serializers.Serializer):
    end_kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in map(PlanEndKind, ENDS_OUTSIDE_REVIEW)]
    )
    ended_on = serializers.DateField()
    details = reason_serializer_field(required=False, allow_blank=True, default="")


class EndInNeedPlanIn(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed before the end of the step-down period where STEPDOWN-CIN-3M is advised.",
    )


class OversightIn(serializers.Serializer):
    team_manager = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    follow_up = notes_serializer_field()
    on = serializers.DateField()


class InNeedReviewSerializer(serializers.ModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.user.display_name", read_only=True)

    class Meta:
        model = ChildInNeedReview
        fields = [
            "id",
            "plan",
            "held_on",
            "attended",
            "outcome",
            "notes",
            "next_review_on",
            "recorded_by",
            "recorded_by_name",
        ]
        read_only_fields = fields


class InNeedReviewIn(serializers.Serializer):
    held_on = serializers.DateField()
    attended = reason_serializer_field()
    outcome = serializers.ChoiceField(choices=InNeedReviewOutcome.choices)
    notes = notes_serializer_field(required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Needed when the plan continues: no rule sets the interval, so the social worker gives it.",
    )
    reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="When the plan ends before the end of the step-down period (STEPDOWN-CIN-3M advised).",
    )


class PlanItemChangeIn(serializers.Serializer):
    """A change to a plan line: the fields to change, and why (kept in the line's history)."""

    text = notes_serializer_field()
    indicators = notes_serializer_field(allow_blank=True)
    collected_by = name_serializer_field(allow_blank=True)
    owner_name = name_serializer_field(allow_blank=True)
    owner_agency = serializers.IntegerField(allow_null=True, min_value=1, max_value=2**63 - 1)
    due_on = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    answers = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="An action: the danger statement it answers.",
    )
    why = reason_serializer_field(
        help_text="Why the plan changes: the review conference reads it (PLAN-CHANGES)."
    )


class ProtectionPlanItemIn(PlanItemChangeIn):
    """A new line on a running child protection plan."""

    plan = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=PlanItemKind.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("indicators", "collected_by", "owner_name"):
            self.fields[name].required, self.fields[name].default = False, ""
        for name in ("owner_agency", "due_on", "done_on", "answers"):
            self.fields[name].required, self.fields[name].default = False, None


class PlanItemRemoveIn(serializers.Serializer):
    why = reason_serializer_field(help_text="Why the line comes off the plan (PLAN-CHANGES).")
