"""Agency reports for conferences: versions of a report, uploaded files, and sharing with the family.

A submitted report is never changed in place: a re-submission (or an upload) is a new version and
the earlier one is kept. Only an addendum on the day is added to a submitted version, and it is
shown as late (REPORT-2WD).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_date
from authorities.models import Membership, Role
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel
from conferences.models import Conference, Invitation


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ReportKind(models.TextChoices):
    STRUCTURED = "structured", "Written on the form"
    UPLOAD = "upload", "Uploaded document"


class UploadType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (.docx)"
    ODT = "odt", "OpenDocument text (.odt)"


UPLOAD_MIME = {
    UploadType.PDF: "application/pdf",
    UploadType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    UploadType.ODT: "application/vnd.oasis.opendocument.text",
}


class ReportUpload(TenantModel):
    """A file stored outside the web root under a random name, checked by its content."""

    stored_name = models.CharField(max_length=100, unique=True, help_text="Random name under MEDIA_ROOT.")
    original_name = models.CharField(max_length=255, help_text="The sender's file name, made safe.")
    detected_type = models.CharField(max_length=10, choices=UploadType.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_detected_type_display()})"

    @property
    def mime_type(self) -> str:
        return UPLOAD_MIME[UploadType(self.detected_type)]


class AgencyReportQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> AgencyReportQuerySet:
        """Authors see their own reports, drafts too. Otherwise only submitted reports are read:
        by the authority's staff, and by practitioners invited to that conference."""
        own = Q(invitation__membership=membership) | Q(created_by=membership)
        if membership.role != Role.PRACTITIONER:
            return self.filter(own | Q(status=ReportStatus.SUBMITTED))
        invited = Conference.objects.for_authority(membership.authority).visible_to(membership)
        return self.filter(own | Q(status=ReportStatus.SUBMITTED, conference__in=invited))

    def submitted(self) -> AgencyReportQuerySet:
        return self.filter(status=ReportStatus.SUBMITTED)

    def drafts(self) -> AgencyReportQuerySet:
        return self.filter(status=ReportStatus.DRAFT)


class AgencyReport(TenantModel):
    """One version of the report for one invitation (an agency, an advocate, or a parent's
    written views sent by the social worker: PARENT-VIEWS)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="reports")
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="agency_reports")
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Numbered on submission (1, 2…); empty while a draft."
    )
    kind = models.CharField(max_length=12, choices=ReportKind.choices, default=ReportKind.STRUCTURED)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    content = models.JSONField(
        default=dict,
        blank=True,
        help_text="Sections keyed by REPORT-FIELDS / REPORT-REVIEW keys and the framework's report headings.",
    )
    upload = models.OneToOneField(
        ReportUpload, on_delete=models.PROTECT, null=True, blank=True, related_name="report"
    )
    on_behalf_of = models.CharField(
        max_length=200, blank=True, help_text="The parent whose written views these are (PARENT-VIEWS)."
    )
    signed = models.BooleanField(default=False, help_text="The author confirmed the report as theirs.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(
        null=True, blank=True, help_text="The day the report was due by when it was submitted (REPORT-2WD)."
    )
    is_late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)
    incomplete_reason = models.TextField(
        blank=True, help_text="Why an advised section (REPORT-FIELDS, REPORT-REVIEW) was left out."
    )
    addendum = models.TextField(blank=True, help_text="What came to light since submission (on the day).")
    addendum_added_at = models.DateTimeField(null=True, blank=True)
    addendum_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(AgencyReportQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["invitation", "-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "version"],
                condition=Q(version__isnull=False),
                name="agency_report_version_once",
            ),
            models.UniqueConstraint(
                fields=["invitation"], condition=Q(status="draft"), name="agency_report_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(version__isnull=False, submitted_at__isnull=False),
                name="agency_report_submitted_has_version",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "conference", "status"]),
            models.Index(fields=["authority", "invitation", "status"]),
        ]

    def __str__(self) -> str:
        label = f"version {self.version}" if self.version else "draft"
        return f"Report from {self.invitation.name} ({label})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class ReportSharing(TenantModel):
    """REPORT-SHARED: the report for this invitation was shared with the family (and when), or
    it is exempt: by agency type where the rule set says so, otherwise with a recorded reason."""

    class Exemption(models.TextChoices):
        NONE = "", "Not exempt"
        AGENCY_TYPE = "agency_type", "Exempt by agency type"
        REASON = "reason", "Exempt for a recorded reason"

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="report_sharing")
    shared_on = models.DateField(null=True, blank=True)
    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True)
    exemption_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["invitation"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_on__isnull=False, exemption="")
                | Q(shared_on__isnull=True, exemption__in=["agency_type", "reason"]),
                name="report_sharing_shared_or_exempt",
            )
        ]

    def __str__(self) -> str:
        if self.shared_on:
            return f"Shared with the family on {long_date(self.shared_on)}"
        return self.get_exemption_display()


class CombinedReviewReport(TenantModel):
    """REPORT-REVIEW: the core group's one combined report to a review conference, drafted from the
    core group minutes since the last conference and edited by the social worker; sent once
    every review heading is filled in (or, where the rule is advised, with a reason)."""

    conference = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="combined_report")
    content = models.JSONField(default=dict, help_text="Text by REPORT-REVIEW section key.")
    missing_reason = models.TextField(blank=True, help_text="Why an advised heading was left empty.")
    drafted_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        verbose_name = "core group's combined review report"

    def __str__(self) -> str:
        return f"Core group's combined report to {self.conference}"
