"""Conferences in the Django admin: which children each conference is about, with its history.

Read-only: a conference's children are set when it is scheduled (`conferences.preparation.services`), so
the admin shows the link and who made it, and changes nothing."""

from django.contrib import admin

from authorities.admin_scoping import AuthorityScopedAdmin

from .models import ConferenceChild


@admin.register(ConferenceChild)
class ConferenceChildAdmin(AuthorityScopedAdmin):
    list_display = ["child", "conference", "authority"]
    readonly_fields = [f.name for f in ConferenceChild._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("child", "conference__family")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
