"""API shapes for reports. Writes go through the same services as the pages."""

from __future__ import annotations

from rest_framework import serializers

from authorities.api_dates import BoundedDateField
from authorities.date_fields import RECORDED
from authorities.text_limits import name_serializer_field, notes_serializer_field, reason_serializer_field

from .models import AgencyReport, ReportSharing, ReportUpload


class ReportUploadSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportUpload
        fields = ["original_name", "detected_type", "size", "sha256", "uploaded_at"]


class AgencyReportSerializer(serializers.ModelSerializer):
    upload = ReportUploadSerializer(read_only=True, allow_null=True, help_text="Null unless uploaded.")
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = AgencyReport
        fields = [
            "id",
            "invitation",
            "conference",
            "version",
            "kind",
            "status",
            "content",
            "upload",
            "file_url",
            "on_behalf_of",
            "signed",
            "submitted_at",
            "due_on",
            "is_late",
            "late_reason",
            "incomplete_reason",
            "addendum",
            "addendum_added_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_file_url(self, report: AgencyReport) -> str | None:
        if report.upload_id is None:
            return None
        return f"/api/v1/{report.authority.slug}/agency-reports/{report.pk}/file/"


class ReportSharingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportSharing
        fields = ["shared_on", "exemption", "exemption_reason", "recorded_at"]


class InvitationReportSerializer(serializers.Serializer):
    """One invitation and where its report stands (a selectors.InvitationReportRow)."""

    id = serializers.IntegerField(source="invitation.pk")
    conference = serializers.IntegerField(source="invitation.conference_id")
    conference_on = serializers.DateField()
    kind = serializers.CharField(source="invitation.kind")
    name = serializers.CharField(source="invitation.name")
    agency = serializers.IntegerField(source="invitation.agency_id", allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    working_days_left = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(source="status_key")
    latest_report = serializers.IntegerField(source="latest.pk", allow_null=True, default=None)
    draft_report = serializers.IntegerField(source="draft.pk", allow_null=True, default=None)
    sharing = ReportSharingSerializer(allow_null=True)
    cannot_attend = serializers.BooleanField(source="invitation.cannot_attend")
    proxy_name = serializers.CharField(source="invitation.proxy_name")


class DraftSerializer(serializers.Serializer):
    content = serializers.JSONField()


class SubmitSerializer(serializers.Serializer):
    content = serializers.JSONField(required=False)
    signed = serializers.BooleanField()
    late_reason = reason_serializer_field(required=False, allow_blank=True, default="")
    incomplete_reason = reason_serializer_field(required=False, allow_blank=True, default="")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    signed = serializers.BooleanField()
    late_reason = reason_serializer_field(required=False, allow_blank=True, default="")


class SharingSerializer(serializers.Serializer):
    shared_on = BoundedDateField(
        bounds=RECORDED, label="Date it was shared", required=False, allow_null=True, default=None
    )
    exempt = serializers.BooleanField(default=False)
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.Serializer):
    cannot_attend = serializers.BooleanField()
    proxy_name = name_serializer_field(required=False, allow_blank=True, default="")
    reason = reason_serializer_field(required=False, allow_blank=True, default="")


class AddendumSerializer(serializers.Serializer):
    text = notes_serializer_field()
