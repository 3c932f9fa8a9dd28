"""The Django admin, for platform staff and authority administrators: both must have given a
code from their authenticator app in this session (django-otp), not only a password."""

from django.contrib import admin


class VerifiedAdminSite(admin.AdminSite):
    def has_permission(self, request):
        # The sign-in middleware already sends an unverified administrator to give a code; this
        # holds even for a view that middleware might one day let through.
        user = request.user
        return super().has_permission(request) and getattr(user, "is_verified", lambda: False)()
