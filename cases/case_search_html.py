"""The case list's search boxes written in Python by `authorities.field_html`: the same GOV.UK
markup `includes/field.html` wrote, without the template engine and Django's per-option widget
rendering (three fields, ten options, cost more than the fifty rows of the table)."""

from __future__ import annotations

from django import forms
from django.utils.safestring import SafeString

from authorities.field_html import field_html


def search_fields_html(form: forms.Form) -> dict[str, SafeString]:
    """Each of the case list's search fields, by name, as the page shows it."""
    return {name: field_html(form[name]) for name in form.fields}
