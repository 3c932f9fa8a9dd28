"""Django admin for platform staff and authority administrators: the authorities, their agencies,
venues, closure days, memberships and rule sets, on the scoped base classes of `admin_scoping`."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from .admin_scoping import (
    AuthorityListFilter,
    AuthorityScopedAdmin,
    ScopedAdminMixin,
    ScopedForm,
    ScopedModelAdmin,
    _scope,
    administered_authority_ids,
)
from .models import Agency, Authority, ClosureDay, Membership, Role, RuleSet, RuleSetting, Venue
from .signals import give_membership_its_waiting_work
from .text_limits import notes_field


class AuthorityForm(forms.ModelForm):
    # Ticked boxes rather than JSON: the stored list can only hold the product's roles.
    two_factor_roles = forms.MultipleChoiceField(
        label="Roles that must use two-factor sign-in",
        choices=[(value, label) for value, label in Role.choices if value != Role.AUTHORITY_ADMIN],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Authority administrators and platform staff always must. People in a ticked role "
        "are asked to set up an authenticator app at their next sign-in.",
    )

    class Meta:
        model = Authority
        fields = ["name", "slug", "dfe_la_code", "time_zone", "is_active", "two_factor_roles"]


@admin.register(Authority)
class AuthorityAdmin(ScopedModelAdmin):
    form = AuthorityForm
    list_display = ["name", "slug", "dfe_la_code", "is_active"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return _scope(super().get_queryset(request), administered_authority_ids(request.user), "id")

    def scope_history(self, request, records):
        return _scope(records, administered_authority_ids(request.user), "id")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        # An authority administrator chooses who must use two-factor sign-in and records the
        # authority's DfE LA code (the census needs it), and nothing else here.
        return ("name", "slug", "time_zone", "is_active")

    def get_prepopulated_fields(self, request, obj=None):
        # Only here, not as `prepopulated_fields`: simple-history's record view reads that attribute
        # directly, and for an authority administrator the slug is not a field of the form.
        return {"slug": ["name"]} if request.user.is_superuser else {}

    def has_module_permission(self, request):
        return administered_authority_ids(request.user) != set()

    def has_view_permission(self, request, obj=None):
        return administered_authority_ids(request.user) != set()

    def has_change_permission(self, request, obj=None):
        ids = administered_authority_ids(request.user)
        if ids is None:
            return True
        return bool(ids) and (obj is None or obj.pk in ids)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(AuthorityScopedAdmin):
    list_display = ["name", "type", "authority", "is_active"]
    list_filter = [("authority", AuthorityListFilter), "type", "is_active"]
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(AuthorityScopedAdmin):
    list_display = ["name", "authority", "is_active"]
    search_fields = ["name", "address"]


@admin.register(ClosureDay)
class ClosureDayAdmin(AuthorityScopedAdmin):
    list_display = ["date", "description", "authority"]
    date_hierarchy = "date"


@admin.register(Membership)
class MembershipAdmin(AuthorityScopedAdmin):
    list_display = ["user", "authority", "role", "agency", "is_active"]
    list_filter = [("authority", AuthorityListFilter), "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_active:
            # Someone invited to conferences by e-mail before they had a membership: give them those.
            give_membership_its_waiting_work(membership=obj)


class RuleSettingInline(ScopedAdminMixin, admin.TabularInline):
    model = RuleSetting
    fields = ["rule_id", "mode", "values", "source_kind", "source_document", "source_quote", "source_note"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        queryset = RuleSetting.objects.unscoped(reason="admin inline, scoped to administered authorities")
        return _scope(queryset, self._ids(request))


class RuleSetForm(ScopedForm):
    notes = notes_field(label="Notes", required=False, help_text="Why this version was made.")

    class Meta:
        model = RuleSet
        fields = [
            "authority",
            "effective_from",
            "wt_edition",
            "wt_edition_source",
            "chair_title",
            "chair_title_source",
            "due_soon_working_days",
            "due_soon_source",
            "framework_name",
            "framework_source",
            "agenda",
            "report_headings",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            raise ValidationError(
                "Rule sets are versioned: a saved version is never changed, so that past conferences "
                "stay judged by the rules of their day. Set a new effective-from date and use "
                "“Save as new version”."
            )
        effective_from = cleaned.get("effective_from")
        if effective_from and effective_from < timezone.localdate():
            self.add_error("effective_from", "A new version cannot take effect in the past.")
        return cleaned


@admin.register(RuleSet)
class RuleSetAdmin(AuthorityScopedAdmin):
    form = RuleSetForm
    save_as = True
    inlines = [RuleSettingInline]
    list_display = ["authority", "effective_from", "framework_name", "chair_title", "wt_edition"]
    change_form_template = "admin/authorities/ruleset/change_form.html"

    def get_changeform_initial_data(self, request):
        return {"effective_from": timezone.localdate()}

    def has_delete_permission(self, request, obj=None):
        # A version that has been in force judged real events: keep it.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        for setting in formset.save(commit=False):
            setting.authority = form.instance.authority
            setting.save()
        formset.save_m2m()
