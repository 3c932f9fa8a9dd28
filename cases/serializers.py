"""API shapes for cases. Writes go through `cases.services` (the viewsets call them); serializers
only validate the shape. Due dates and deadline status are read-only, worked out for today."""

from __future__ import annotations

from datetime import date

from rest_framework import serializers

from authorities.api_dates import BoundedDateField
from authorities.date_fields import BIRTH, EXPECTED_BIRTH, RECORDED
from authorities.text_limits import address_serializer_field, notes_serializer_field, reason_serializer_field
from cases.census_codes import Disability
from cases.models import Child, Family, Gender, Person, RelationshipKind, StrategyDiscussion
from cases.selectors.today import DueDate


class DeadlineFieldsMixin(serializers.Serializer):
    """`<prefix>_due_on` / `_met_on` come from queryset annotations; the status is today's."""

    deadline_prefix = "icpc"

    def _deadline_status(self, obj) -> dict:
        today = self.context["today"]()
        due_on = getattr(obj, f"{self.deadline_prefix}_due_on", None)
        if due_on is None:
            return {"status": None, "label": None, "working_days_left": None}
        from scheduling.models import Deadline

        view = today.view(
            Deadline(due_on=due_on, met_on=getattr(obj, f"{self.deadline_prefix}_met_on", None))
        )
        return {"status": view.status.value, "label": view.label, "working_days_left": view.working_days_left}


def deadline_status(today, due_on, met_on) -> dict:
    """`icpc_status` from the two dates: what `DeadlineFieldsMixin` gives, without a model instance."""
    if due_on is None:
        return {"status": None, "label": None, "working_days_left": None}
    view = today.view(DueDate(due_on=due_on, met_on=met_on))
    return {"status": view.status.value, "label": view.label, "working_days_left": view.working_days_left}


class FamilySerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    social_worker = serializers.IntegerField(source="social_worker_id", required=False, allow_null=True)
    referral_on = BoundedDateField(bounds=RECORDED, label="Referral date", required=False, allow_null=True)
    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    icpc_due_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The initial conference due date; null when none is open (ICPC-15WD).",
    )
    icpc_status = serializers.SerializerMethodField(
        help_text="Today's deadline status (scheduling.DeadlineStatus)."
    )
    address = address_serializer_field(required=False, allow_blank=True)

    class Meta:
        model = Family
        fields = [
            "id",
            "name",
            "reference",
            "address",
            "social_worker",
            "children",
            "referral_on",
            "referral_source",
            "primary_need",
            "icpc_due_on",
            "icpc_status",
        ]

    def get_icpc_status(self, obj) -> dict:
        return self._deadline_status(obj)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


class FamilyListSerializer(serializers.BaseSerializer):
    """The families list, the same JSON as `FamilySerializer` row for row, from rows read with
    `.values(*COLUMNS)` plus their `children` ids: a page of 50 through the model serializer cost
    several times the SQL it ran (a model instance, a field object and a method field per value)."""

    COLUMNS = (
        "id",
        "name",
        "reference",
        "address",
        "social_worker_id",
        "referral_on",
        "referral_source",
        "primary_need",
        "icpc_due_on",
        "icpc_met_on",
    )

    @classmethod
    def rows(cls, rows: list[dict], context: dict) -> list[dict]:
        """`FamilyListSerializer(rows, many=True, context=context).data`, without DRF's list
        serializer around it (it adds nothing to rows already read)."""
        serializer = cls(context=context)
        return [serializer.to_representation(row) for row in rows]

    def to_representation(self, row: dict) -> dict:
        return {
            "id": row["id"],
            "name": row["name"],
            "reference": row["reference"],
            "address": row["address"],
            "social_worker": row["social_worker_id"],
            "children": row["children"],
            "referral_on": _iso(row["referral_on"]),
            "referral_source": row["referral_source"],
            "primary_need": row["primary_need"],
            "icpc_due_on": _iso(row["icpc_due_on"]),
            "icpc_status": deadline_status(self.context["today"](), row["icpc_due_on"], row["icpc_met_on"]),
        }


class ChildSerializer(serializers.ModelSerializer):
    family = serializers.IntegerField(source="family_id")
    date_of_birth = BoundedDateField(bounds=BIRTH, label="Date of birth", required=False, allow_null=True)
    expected_date = BoundedDateField(
        bounds=EXPECTED_BIRTH, label="Expected date of birth", required=False, allow_null=True
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, default=Gender.UNKNOWN)
    disability_codes = serializers.ListField(
        child=serializers.ChoiceField(choices=Disability.choices),
        required=False,
        help_text="Census disability codes: NONE, or each that applies.",
    )
    disability = reason_serializer_field(
        required=False, allow_blank=True, help_text="Disability or special need."
    )
    address = address_serializer_field(
        required=False, allow_blank=True, help_text="Leave blank if the same as the family's."
    )

    class Meta:
        model = Child
        fields = [
            "id",
            "family",
            "first_name",
            "last_name",
            "other_names",
            "unborn",
            "date_of_birth",
            "expected_date",
            "gender",
            "ethnicity",
            "religion",
            "first_language",
            "interpreter_needed",
            "disability",
            "address",
            "la_child_id",
            "upn",
            "upn_unknown",
            "sex",
            "ethnicity_code",
            "disability_codes",
        ]


class RelationshipSerializer(serializers.Serializer):
    child = serializers.IntegerField(source="child_id")
    kind = serializers.ChoiceField(choices=RelationshipKind.choices)
    parental_responsibility = serializers.BooleanField(default=False)

    def validate(self, attrs):
        # DRF makes a PATCH partial all the way down, so a relationship's own required fields
        # would be skipped; a relationship that is sent replaces the old ones and must be whole.
        missing = {
            name: ["This field is required."]
            for name, source in (("child", "child_id"), ("kind", "kind"))
            if source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class PersonSerializer(serializers.ModelSerializer):
    family = serializers.IntegerField(source="family_id")
    date_of_birth = BoundedDateField(bounds=BIRTH, label="Date of birth", required=False, allow_null=True)
    relationships = RelationshipSerializer(many=True, required=False)
    address = address_serializer_field(required=False, allow_blank=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "family",
            "first_name",
            "last_name",
            "other_names",
            "date_of_birth",
            "address",
            "phone",
            "email",
            "relationships",
        ]


class StrategyDiscussionSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    family = serializers.IntegerField(source="family_id")
    children = serializers.ListField(child=serializers.IntegerField(), source="child_ids")
    held_on = BoundedDateField(bounds=RECORDED, label="Date of the strategy discussion")
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    icpc_due_on = serializers.DateField(read_only=True, allow_null=True)
    icpc_status = serializers.SerializerMethodField()
    attendees = reason_serializer_field(help_text="Who took part, and for which agency.")
    outcome = notes_serializer_field()

    class Meta:
        model = StrategyDiscussion
        fields = [
            "id",
            "family",
            "held_on",
            "attendees",
            "outcome",
            "section47_started",
            "icpc_not_required",
            "children",
            "recorded_by",
            "recorded_at",
            "icpc_due_on",
            "icpc_status",
        ]
        read_only_fields = ["recorded_at"]

    def get_icpc_status(self, obj) -> dict:
        return self._deadline_status(obj)

    def to_representation(self, instance):
        instance.child_ids = [c.pk for c in instance.children.all()]
        return super().to_representation(instance)
