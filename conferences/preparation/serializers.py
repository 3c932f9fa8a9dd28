"""API shapes for scheduling: conferences and invitations. Writes go through
`conferences.preparation.services`; the statutory due date and the report deadline are read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authorities.api_dates import BoundedDateField, BoundedDateTimeField
from authorities.date_fields import MEETING, RECORDED
from authorities.rules.ids import RuleId
from authorities.text_limits import (
    EMAIL_MAX_LENGTH,
    LINK_MAX_LENGTH,
    name_serializer_field,
    notes_serializer_field,
    reason_serializer_field,
)
from cases.serializers import DeadlineFieldsMixin
from conferences.models import (
    Conference,
    ConferenceKind,
    FamilyNeeds,
    Invitation,
    InvitedBy,
    InviteeKind,
    ObserverRequest,
    ProfessionalSlotRequest,
    ViewsRoute,
)

TOO_LONG_LINK = {"max_length": f"Must be {LINK_MAX_LENGTH} characters or fewer."}


class ConferenceSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    deadline_prefix = "statutory"

    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    statutory_rule = serializers.SerializerMethodField(
        help_text="The rule that sets the due date: ICPC-15WD, RCPC1-3M or RCPCN-6M."
    )
    statutory_due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date it must be held by (null when none applies)."
    )
    # Read-only model fields lose `blank` in DRF, so the schema would promise a URI where the
    # conference has no link: declared as the plain string it is.
    virtual_link = serializers.CharField(read_only=True, help_text="The video link, or empty.")
    statutory_status = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "family",
            "kind",
            "children",
            "strategy_discussion",
            "previous",
            "starts_at",
            "venue",
            "virtual_link",
            "chair",
            "social_worker",
            "status",
            "late_reason",
            "change_reason",
            "clash_reason",
            "rule_reasons",
            "ics_uid",
            "ics_sequence",
            "statutory_rule",
            "statutory_due_on",
            "statutory_status",
        ]
        read_only_fields = fields

    def get_statutory_rule(self, obj) -> str | None:
        if obj.kind == ConferenceKind.INITIAL:
            return RuleId.ICPC_15WD
        if obj.kind == ConferenceKind.REVIEW:
            return getattr(obj, "statutory_rule_id", None)
        return None

    def get_statutory_status(self, obj) -> dict:
        return self._deadline_status(obj)


class ScheduleConferenceSerializer(serializers.Serializer):
    family = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConferenceKind.choices, default=ConferenceKind.INITIAL)
    starts_at = BoundedDateTimeField(bounds=MEETING, label="Start")
    chair = serializers.IntegerField()
    children = serializers.ListField(child=serializers.IntegerField(), required=False)
    venue = serializers.IntegerField(required=False, allow_null=True)
    virtual_link = serializers.URLField(
        required=False, allow_blank=True, default="", max_length=LINK_MAX_LENGTH, error_messages=TOO_LONG_LINK
    )
    strategy_discussion = serializers.IntegerField(required=False, allow_null=True)
    late_reason = reason_serializer_field(required=False, allow_blank=True, default="")
    rule_reasons = serializers.DictField(
        child=reason_serializer_field(allow_blank=True), required=False, default=dict
    )
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to book over another meeting of the chair, social worker or venue (else refused).",
    )


class RescheduleSerializer(serializers.Serializer):
    starts_at = BoundedDateTimeField(bounds=MEETING, label="Start")
    reason = reason_serializer_field()
    venue = serializers.IntegerField(required=False, allow_null=True)
    virtual_link = serializers.URLField(
        required=False, allow_blank=True, max_length=LINK_MAX_LENGTH, error_messages=TOO_LONG_LINK
    )
    late_reason = reason_serializer_field(required=False, allow_blank=True, default="")
    clash_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why to move it over another meeting of the chair, social worker or venue (else refused).",
    )


class CancelSerializer(serializers.Serializer):
    reason = reason_serializer_field()


class InvitationSerializer(DeadlineFieldsMixin, serializers.ModelSerializer):
    deadline_prefix = "report"

    report_due_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The day a professional's report is due by; null for others (REPORT-2WD).",
    )
    views_route = serializers.ChoiceField(
        choices=ViewsRoute.choices, read_only=True, allow_blank=True, help_text="Empty until known."
    )
    report_status = serializers.SerializerMethodField()
    # Not declared as an e-mail address: family members invited by letter or in person have none,
    # and "" is no address a schema's `format: email` accepts.
    email = serializers.CharField(read_only=True, help_text="Empty for someone invited without e-mail.")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "conference",
            "kind",
            "membership",
            "agency",
            "person",
            "child",
            "name",
            "email",
            "role_label",
            "invited_by",
            "invited_at",
            "wishes_to_attend",
            "views_route",
            "report_due_on",
            "report_status",
        ]
        read_only_fields = fields

    def get_report_status(self, obj) -> dict:
        return self._deadline_status(obj)


class InviteSerializer(serializers.Serializer):
    """One body for every kind of invitee; which fields matter depends on `kind`."""

    conference = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=InviteeKind.choices,
        help_text="Observers are asked for, not invited.",
    )
    membership = serializers.IntegerField(required=False, allow_null=True)
    agency = serializers.IntegerField(required=False, allow_null=True)
    person = serializers.IntegerField(required=False, allow_null=True)
    child = serializers.IntegerField(required=False, allow_null=True)
    name = name_serializer_field(required=False, allow_blank=True, default="")
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={"max_length": f"Must be {EMAIL_MAX_LENGTH} characters or fewer."},
    )
    role_label = name_serializer_field(required=False, allow_blank=True, default="")
    invited_by = serializers.ChoiceField(
        choices=InvitedBy.choices, required=False, allow_blank=True, default=""
    )
    invited_on = BoundedDateField(
        bounds=RECORDED, label="Date invited", required=False, allow_null=True, default=None
    )
    wishes_to_attend = serializers.BooleanField(required=False, allow_null=True, default=None)
    views_route = serializers.ChoiceField(
        choices=ViewsRoute.choices, required=False, allow_blank=True, default=""
    )
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


# --- requests to the chair (PROF-SLOT, OBSERVER) -----------------------------------------------

_LATE_REASON_HELP = (
    "Why the request is made on or after the conference day: needed where this authority's rule "
    "is advised (a 400 with needs_reason otherwise); where it is required the request is refused."
)


class ProfessionalSlotRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProfessionalSlotRequest
        fields = [
            "id",
            "conference",
            "requested_by",
            "requested_at",
            "reason",
            "late_reason",
            "decision",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class ObserverRequestSerializer(serializers.ModelSerializer):
    admitted = serializers.BooleanField(
        read_only=True, help_text="Approved by the chair and agreed by the family: may attend."
    )

    class Meta:
        model = ObserverRequest
        fields = [
            "id",
            "conference",
            "requested_by",
            "requested_at",
            "observer_name",
            "observer_role",
            "reason",
            "late_reason",
            "decision",
            "decided_by",
            "decided_at",
            "decision_reason",
            "family_agreed",
            "family_agreement_recorded_at",
            "admitted",
        ]
        read_only_fields = fields


class RequestSlotSerializer(serializers.Serializer):
    conference = serializers.IntegerField()
    reason = reason_serializer_field(
        help_text="Why a professional slot is needed (never shared with the family)."
    )
    late_reason = reason_serializer_field(
        required=False, allow_blank=True, default="", help_text=_LATE_REASON_HELP
    )


class RequestObserverSerializer(serializers.Serializer):
    conference = serializers.IntegerField()
    observer_name = serializers.CharField(max_length=200)
    observer_role = serializers.CharField(max_length=200)
    reason = reason_serializer_field(help_text="Why they wish to observe.")
    late_reason = reason_serializer_field(
        required=False, allow_blank=True, default="", help_text=_LATE_REASON_HELP
    )


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true approves, false declines.")
    decision_reason = reason_serializer_field(help_text="The chair's reason, recorded with the decision.")


class FamilyAgreementSerializer(serializers.Serializer):
    agreed = serializers.BooleanField(help_text="Whether the family agreed to the observer (OBSERVER).")


# --- before the conference (FAMILY-NEEDS, SEPARATE, PRE-MEET, SW-REPORT) ------------------------


class FamilyNeedsSerializer(serializers.ModelSerializer):
    advocacy = reason_serializer_field(required=False, allow_blank=True)
    interpreter = reason_serializer_field(required=False, allow_blank=True)
    transport = reason_serializer_field(required=False, allow_blank=True)
    childcare = reason_serializer_field(required=False, allow_blank=True)
    accessibility = reason_serializer_field(required=False, allow_blank=True)

    class Meta:
        model = FamilyNeeds
        fields = [
            "advocacy",
            "interpreter",
            "transport",
            "childcare",
            "accessibility",
            "social_worker_met_family_on",
            "written_information_given_on",
        ]
        extra_kwargs = {name: {"required": False} for name in fields}


class PreparationSerializer(serializers.ModelSerializer):
    """What has been recorded before the conference, with the checklist of the rules in force."""

    family_needs = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "family_needs",
            "separate_attendance",
            "pre_meeting_on",
            "pre_meeting_notes",
            "sw_report",
            "draft_plan",
            "danger_statement_draft",
            "sw_report_shared_professionals_on",
            "sw_report_shared_family_on",
        ]
        read_only_fields = fields

    @extend_schema_field(FamilyNeedsSerializer(allow_null=True))
    def get_family_needs(self, obj):
        needs = FamilyNeeds.objects.for_authority(obj.authority_id).filter(conference=obj).first()
        return FamilyNeedsSerializer(needs).data if needs else None


class SeparateArrangementsSerializer(serializers.Serializer):
    arrangements = notes_serializer_field(
        help_text="Where court orders, bail conditions or domestic abuse mean parents cannot attend together."
    )


class PreMeetingSerializer(serializers.Serializer):
    held_on = BoundedDateField(
        bounds=RECORDED,
        label="Date of the pre-meeting",
        help_text="The day the chair met the parents (not in the future).",
    )
    notes = notes_serializer_field(required=False, allow_blank=True, default="")


class SwReportSerializer(serializers.Serializer):
    sw_report = notes_serializer_field()
    draft_plan = notes_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed for an initial conference once shared.",
    )
    danger_statement_draft = notes_serializer_field(required=False, allow_blank=True, default="")
    shared_professionals_on = BoundedDateField(
        bounds=RECORDED, label="Date shared with professionals", required=False, allow_null=True, default=None
    )
    shared_family_on = BoundedDateField(
        bounds=RECORDED, label="Date shared with the family", required=False, allow_null=True, default=None
    )
    late_reason = reason_serializer_field(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why it was shared after the SW-REPORT date, where this authority requires a reason.",
    )
