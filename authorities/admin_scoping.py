"""The scoping every admin page goes through.

One base class scopes every queryset and every choice to the authorities where the user is an
authority administrator (all of them for superusers), so an administrator of one authority
cannot see or pick another's rows. The same scoping covers every view the admin and
simple-history add: change, delete confirmation, Django's history, simple-history's history list
and record (revert) view, actions and autocomplete (all read through `get_queryset`); an object
outside it answers 404, the same as one that never existed.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .models import Authority, Membership, Role
from .scoping import TenantModel
from .text_limits import NOTES_MAX_LENGTH


def administered_authority_ids(user) -> set[int] | None:
    """Authorities this user administers; None means every authority (platform staff)."""
    if not (user.is_active and user.is_staff):
        return set()
    if user.is_superuser:
        return None
    cache_name = "_administered_authority_ids"
    if not hasattr(user, cache_name):
        ids = set(
            Membership.objects.of_user(user)
            .filter(role=Role.AUTHORITY_ADMIN)
            .values_list("authority_id", flat=True)
        )
        setattr(user, cache_name, ids)
    return getattr(user, cache_name)


def _scope(queryset, ids: set[int] | None, field: str = "authority_id"):
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


class AuthorityListFilter(admin.RelatedFieldListFilter):
    """The sidebar filter lists only the authorities this user administers."""

    def field_choices(self, field, request, model_admin):
        ids = administered_authority_ids(request.user)
        return [(a.pk, str(a)) for a in _scope(Authority.objects.order_by("name"), ids, "id")]


class TolerantAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, redrawn after a refused post. To show the chosen row's label it
    looks the posted value up, and a value that cannot be a key at all ("abc" for an id) raised
    ValueError there, a 500, instead of leaving the form's own "Select a valid choice" error."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if _is_key(self.field.target_field, v)], attr)


def _is_key(field, value) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class ScopedAdminMixin:
    """Shared by ModelAdmins and inlines."""

    # The admin's long text boxes (a venue's address, a rule's source quote) take the notes' limit,
    # as the app's own boxes do.
    formfield_overrides = {models.TextField: {"max_length": NOTES_MAX_LENGTH}}

    def _ids(self, request):
        return administered_authority_ids(request.user)

    def _scoped_choices(self, related, request):
        ids = self._ids(request)
        if related is Authority:
            return _scope(Authority.objects.all(), ids, "id")
        if issubclass(related, TenantModel):
            return _scope(related.objects.unscoped(reason="admin choices, scoped below"), ids)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (queryset := self._scoped_choices(db_field.related_model, request)) is not None:
            kwargs["queryset"] = queryset
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(self, admin.TabularInline) and formfield is not None:
            # A table's cells have no <label>s, only the column heading: name each input after it.
            formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A many-to-many (a strategy discussion's children) would otherwise offer every authority's rows.
        if (queryset := self._scoped_choices(db_field.related_model, request)) is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _allowed(self, request) -> bool:
        ids = self._ids(request)
        return ids is None or bool(ids)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class SameAuthorityFormMixin:
    """Refuses links between rows of different authorities (e.g. a membership in one authority
    with an agency of another), which choice scoping alone cannot stop for multi-authority admins."""

    def clean(self):
        cleaned = super().clean()
        authority = cleaned.get("authority") or getattr(self.instance, "authority", None)
        if authority is None:
            return cleaned
        for name, value in cleaned.items():
            if isinstance(value, TenantModel) and value.authority_id != authority.pk:
                self.add_error(name, f"{value} belongs to another authority.")
        return cleaned


class ScopedForm(SameAuthorityFormMixin, forms.ModelForm):
    pass


class ScopedModelAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The one base for every ModelAdmin here. Subclasses say how a row is scoped
    (`get_queryset`); every object view (change, delete, both history views, the record view's
    revert) looks the object up through it first and answers 404 when it is not there, instead of
    Django's redirect or simple-history's own unscoped lookups."""

    def _scoped_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            self._scoped_object_or_404(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # Before the permission check, so another authority's row and a read-only one differ.
        self._scoped_object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        has_authority = any(f.name == "authority" for f in self.model._meta.fields)
        # ("Save as new version" posts the change form as an add, so those admins keep the field.)
        if obj is not None and not self.save_as and has_authority:
            # A row never moves between authorities: its links (family, agency…) stay in the old one.
            fields.append("authority")
        return fields

    # --- history --------------------------------------------------------------------------------

    def _has_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def scope_history(self, request, records):
        """Historical rows this user may read: by their authority where the row carries one (so a
        deleted object's history stays visible to its own authority), else by the live rows."""
        ids = self._ids(request)
        if ids is None:
            return records
        if any(f.name == "authority" for f in records.model._meta.fields):
            return records.filter(authority_id__in=ids)
        pk_name = self.model._meta.pk.attname
        return records.filter(**{f"{pk_name}__in": self.get_queryset(request).values(pk_name)})

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.scope_history(request, records)

    def history_view(self, request, object_id, extra_context=None):
        if not self._has_history():
            # A model without simple-history: Django's own history (admin log), looked up scoped.
            self._scoped_object_or_404(request, object_id)
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._has_history():
            raise Http404
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_name = self.model._meta.pk.attname
        records = self.get_history_queryset(request, history, pk_name, unquote(object_id))
        if not records.filter(history_id=version_id).exists():
            raise Http404
        if request.method == "POST":
            # Reverting saves the form: only on a live row this user may change, like the change view.
            obj = self._scoped_object_or_404(request, object_id)
            if not self.has_change_history_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class AuthorityScopedAdmin(ScopedModelAdmin):
    form = ScopedForm
    list_filter = [("authority", AuthorityListFilter)]

    def get_queryset(self, request):
        queryset = self.model.objects.unscoped(reason="admin changelist, scoped to administered authorities")
        return _scope(queryset.select_related("authority"), self._ids(request))

    def save_model(self, request, obj, form, change):
        ids = self._ids(request)
        if ids is not None and obj.authority_id not in ids:
            raise PermissionDenied
        super().save_model(request, obj, form, change)
