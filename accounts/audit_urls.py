"""The read audit's pages, under /<authority-slug>/ (authority administrators)."""

from django.urls import path

from . import audit_views

app_name = "audit"

urlpatterns = [
    path("access-log/", audit_views.access_events, name="access-events"),
    path("access-log.csv", audit_views.access_events_csv, name="access-events-csv"),
]
