"""Report pages under /<authority-slug>/ (My conferences, which spans authorities, is in cpc/urls.py)."""

from django.urls import path

from . import combined_views, reading_views, views

app_name = "reports"

urlpatterns = [
    path("conferences/<int:pk>/reports/", reading_views.conference_reports, name="conference-reports"),
    path(
        "conferences/<int:pk>/reports/non-attendance-letters/",
        reading_views.non_attendance_letters,
        name="non-attendance-letters",
    ),
    path(
        "conferences/<int:pk>/reports/core-group/",
        combined_views.combined_report,
        name="combined-report",
    ),
    path("invitations/<int:pk>/report/", views.report_form, name="report-form"),
    path("invitations/<int:pk>/report/autosave/", views.report_autosave, name="report-autosave"),
    path("invitations/<int:pk>/report/upload/", views.report_upload, name="report-upload"),
    path("invitations/<int:pk>/report/sharing/", views.report_sharing, name="report-sharing"),
    path("invitations/<int:pk>/report/attendance/", views.report_proxy, name="report-proxy"),
    path("invitations/<int:pk>/parent-views/", views.parent_views, name="parent-views"),
    path(
        "invitations/<int:pk>/non-attendance-letter/",
        reading_views.non_attendance_letter_pdf,
        name="non-attendance-letter",
    ),
    path("reports/<int:pk>/", reading_views.report_detail, name="report-detail"),
    path("reports/<int:pk>/pdf/", reading_views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/file/", reading_views.report_file, name="report-file"),
    path("reports/<int:pk>/addendum/", reading_views.report_addendum, name="report-addendum"),
]
