"""API for invitations' reports: status, drafts, submission, the multipart upload, sharing and
attendance, and reading reports (with the uploaded file). Same services, same rules as the pages."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.audit import AuditedReadsMixin, Subject
from accounts.models import AccessAction
from authorities.api_base import AuthorityViewSet
from authorities.api_inputs import JSONParser
from authorities.models import Role
from conferences.models import Invitation

from . import selectors, serializers, services, uploads
from .models import AgencyReport, ReportStatus


class InvitationReportFilter(filters.FilterSet):
    class Meta:
        model = Invitation
        fields = ["conference", "kind"]


class ReportInvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet):
    """Invitations that send a report. A practitioner sees their own; staff see every one."""

    model = Invitation
    serializer_class = serializers.InvitationReportSerializer
    filterset_class = InvitationReportFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def narrow_queryset(self, queryset):
        queryset = queryset.filter(kind__in=selectors.REPORTING_KINDS).select_related("conference", "agency")
        if self.request.membership.role == Role.PRACTITIONER:
            queryset = queryset.filter(membership=self.request.membership)
        return queryset.order_by("conference__starts_at", "pk")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = selectors.invitation_rows(list(page if page is not None else queryset))
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(selectors.invitation_rows([self.get_object()])[0]).data)

    def _report(self, report, code=status.HTTP_200_OK) -> Response:
        return Response(serializers.AgencyReportSerializer(report).data, status=code)

    def _save_draft(self, invitation: Invitation, content: dict) -> AgencyReport:
        """Content over its limits is a 400 keyed as the body is: {"content": {"risks": {"text": [...]}}}."""
        try:
            return services.save_draft(
                invitation_id=invitation.pk, by=self.request.membership, content=content
            )
        except services.ContentRefused as refused:
            raise ValidationError({"content": refused.by_path()}) from None

    @extend_schema(request=serializers.DraftSerializer, responses=serializers.AgencyReportSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None, authority_slug=None):
        invitation = self.get_object()
        body = serializers.DraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._report(self._save_draft(invitation, body.validated_data["content"]))

    @extend_schema(request=serializers.SubmitSerializer, responses={201: serializers.AgencyReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, authority_slug=None):
        invitation = self.get_object()
        body = serializers.SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "content" in body.validated_data:
            self._save_draft(invitation, body.validated_data["content"])
        report = services.submit_report(
            invitation_id=invitation.pk,
            by=request.membership,
            signed=body.validated_data["signed"],
            late_reason=body.validated_data["late_reason"],
            incomplete_reason=body.validated_data["incomplete_reason"],
        )
        return self._report(report, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": serializers.UploadSerializer},
        responses={201: serializers.AgencyReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def upload(self, request, pk=None, authority_slug=None):
        invitation = self.get_object()
        body = serializers.UploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.upload_report(
            invitation_id=invitation.pk,
            by=request.membership,
            file=body.validated_data["file"],
            signed=body.validated_data["signed"],
            late_reason=body.validated_data["late_reason"],
        )
        return self._report(report, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SharingSerializer, responses=serializers.ReportSharingSerializer)
    @action(detail=True, methods=["post"])
    def sharing(self, request, pk=None, authority_slug=None):
        invitation = self.get_object()
        body = serializers.SharingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sharing = services.record_sharing(
            invitation_id=invitation.pk, by=request.membership, **body.validated_data
        )
        return Response(serializers.ReportSharingSerializer(sharing).data)

    @extend_schema(request=serializers.AttendanceSerializer, responses=serializers.InvitationReportSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None, authority_slug=None):
        invitation = self.get_object()
        body = serializers.AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invitation = services.record_cannot_attend(
            invitation_id=invitation.pk, by=request.membership, **body.validated_data
        )
        return Response(self.get_serializer(selectors.invitation_rows([invitation])[0]).data)


class AgencyReportFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = AgencyReport
        fields = ["conference", "invitation", "status", "kind"]


class AgencyReportViewSet(
    AuditedReadsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    """Reports this person may read: their own (drafts too), and submitted reports of the
    authority (staff) or of conferences they are invited to (practitioners)."""

    model = AgencyReport
    serializer_class = serializers.AgencyReportSerializer
    audited_actions = {"retrieve": AccessAction.REPORT_VIEW, "file": AccessAction.UPLOAD_DOWNLOAD}
    audit_subject = Subject(case="conference__family_id")
    filterset_class = AgencyReportFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("upload", "authority").order_by("conference", "invitation", "-version")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None, authority_slug=None):
        report = self.get_object()
        if report.upload is None:
            raise Http404("This report has no uploaded file.")
        try:
            handle = open(uploads.path_of(report.upload.stored_name), "rb")  # noqa: SIM115 - closed by FileResponse
        except FileNotFoundError:
            raise Http404("The file is not available.") from None
        response = FileResponse(handle, content_type=report.upload.mime_type)
        return uploads.as_download(response, report.upload.original_name)

    @extend_schema(request=serializers.AddendumSerializer, responses=serializers.AgencyReportSerializer)
    @action(detail=True, methods=["post"])
    def addendum(self, request, pk=None, authority_slug=None):
        report = self.get_object()
        body = serializers.AddendumSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.add_addendum(
            report_id=report.pk, by=request.membership, text=body.validated_data["text"]
        )
        return Response(serializers.AgencyReportSerializer(report).data)


def register(router) -> None:
    router.register("report-invitations", ReportInvitationViewSet, basename="report-invitation")
    router.register("agency-reports", AgencyReportViewSet, basename="agency-report")
