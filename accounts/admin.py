from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from authorities.admin_scoping import (
    AuthorityListFilter,
    AuthorityScopedAdmin,
    ScopedModelAdmin,
    administered_authority_ids,
)
from authorities.models import Membership
from authorities.rls.scope import own_memberships_readable

from . import two_factor
from .models import AccessEvent, AccountInvitation, User


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "job_title", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    actions = ["reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = administered_authority_ids(request.user)
        if ids is None:
            return queryset
        # Authority administrators see the people who work in their authorities, and nobody else.
        return queryset.filter(memberships__authority_id__in=ids).distinct()

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_staff", "is_superuser", "groups", "last_login", "date_joined")

    def has_change_permission(self, request, obj=None):
        """An authority administrator changes (or sets the password of) only people who work
        nowhere else: a person with a membership in another authority, or platform staff, could
        otherwise be taken over to read that authority's data."""
        if not super().has_change_permission(request, obj):
            return False
        ids = administered_authority_ids(request.user)
        if ids is None or obj is None:
            return True
        if obj.is_superuser:
            return False
        memberships = Membership.objects.unscoped(reason="does this person work in another authority")
        elsewhere = memberships.filter(user=obj).exclude(authority_id__in=ids)
        # The admin's connection sees only the administered authorities: the database is asked,
        # for this one yes/no, to let this person's memberships through, whichever authority.
        with own_memberships_readable(obj.pk):
            return not elsewhere.exists()

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="Reset two-factor sign-in (they set up their app again at next sign-in)")
    def reset_two_factor(self, request, queryset):
        # The queryset is this admin's scoped one: only people of the authorities administered here.
        for user in queryset:
            two_factor.turn_off(user=user)
        self.message_user(request, f"Two-factor sign-in reset for {queryset.count()} people.")


@admin.register(AccountInvitation)
class AccountInvitationAdmin(AuthorityScopedAdmin):
    """Who has been invited to create an account, and whether they have. Invitations are made by
    inviting someone to a conference; here an administrator can see them, or delete one to revoke
    its links."""

    list_display = ["email", "name", "authority", "agency", "created_at", "expires_at", "accepted_at"]
    list_filter = [("authority", AuthorityListFilter), "accepted_at"]
    search_fields = ["email", "name"]
    readonly_fields = ["created_at", "accepted_at", "membership", "invited_by"]
    fields = ["authority", "email", "name", "agency", "role", "invited_by", "created_at", "expires_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency", "membership__user")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlatformOnlyAdmin:
    """Sign-in attempts name people and addresses across every authority, so only platform
    superusers see them (axes' own admin would go by model permissions, which a group could give an
    authority administrator). Deleting an attempt lifts that lockout."""

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(PlatformOnlyAdmin, AccessAttemptAdmin):
    """Failed sign-ins per e-mail address and IP (axes' access and failure logs are off, so their
    models are not shown)."""


@admin.register(AccessEvent)
class AccessEventAdmin(ScopedModelAdmin):
    """The read audit, read only: an event is evidence, so nobody adds, changes or deletes one here
    (retention deletes old ones). Authority administrators see their authorities' events; the
    page under /<authority>/access-log/ filters them by person, child, case and date and exports
    them as CSV."""

    list_display = [
        "at",
        "authority",
        "user_id",
        "action",
        "object_kind",
        "object_id",
        "case_id",
        "child_id",
        "outcome",
    ]
    list_filter = [("authority", AuthorityListFilter), "action", "outcome"]
    search_fields = ["=user_id", "=object_id", "=case_id", "=child_id"]
    date_hierarchy = "at"
    list_per_page = 50

    def get_queryset(self, request):
        events = AccessEvent.objects.unscoped(reason="admin list of the read audit, scoped below")
        ids = self._ids(request)
        events = events.select_related("authority")
        return events if ids is None else events.filter(authority_id__in=ids)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own device admins go by model permissions and list every user's devices; devices
# belong to people of many authorities, so only platform superusers see them. Authority
# administrators reset a person's second factor with the action on Users instead.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(PlatformOnlyAdmin, TOTPDeviceAdmin):
    def has_add_permission(self, request):
        return False  # an app is set up by its owner, who scans the code


@admin.register(StaticDevice)
class RecoveryCodesAdmin(PlatformOnlyAdmin, StaticDeviceAdmin):
    inlines = []  # the codes themselves stay with their owner

    def has_add_permission(self, request):
        return False
