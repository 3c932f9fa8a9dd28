from django.contrib import admin

from authorities.admin_scoping import AuthorityScopedAdmin

from .models import AgencyReport, ReportSharing, ReportUpload


@admin.register(AgencyReport)
class AgencyReportAdmin(AuthorityScopedAdmin):
    """Read-mostly: reports change only through their services (a submitted one never in place)."""

    list_display = [
        "invitation",
        "conference",
        "version",
        "kind",
        "status",
        "is_late",
        "submitted_at",
        "authority",
    ]
    list_filter = [*AuthorityScopedAdmin.list_filter, "status", "kind", "is_late"]
    readonly_fields = [f.name for f in AgencyReport._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invitation", "conference")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportUpload)
class ReportUploadAdmin(AuthorityScopedAdmin):
    list_display = ["original_name", "detected_type", "size", "uploaded_at", "authority"]
    readonly_fields = [f.name for f in ReportUpload._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSharing)
class ReportSharingAdmin(AuthorityScopedAdmin):
    list_display = ["invitation", "shared_on", "exemption", "recorded_at", "authority"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
