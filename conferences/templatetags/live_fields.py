"""`{% govuk_field form.name classes="..." %}`: one form field in GOV.UK markup, as
`{% include "includes/field.html" with field=form.name classes="..." %}` writes it, for the live
page's many small forms (conferences.live.field_html)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from conferences.live.field_html import field_html

register = template.Library()


@register.simple_tag
def govuk_field(field: BoundField, **options) -> SafeString:
    return field_html(field, **options)
