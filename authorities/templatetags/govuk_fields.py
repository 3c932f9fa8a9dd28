"""`{% govuk_field form.name label_text=... hint_text=... %}`: one form field as
`{% include "includes/field.html" with field=form.name ... %}` writes it (authorities.field_html)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from authorities.field_html import field_html

register = template.Library()


@register.simple_tag
def govuk_field(field: BoundField, **options) -> SafeString:
    return field_html(field, **options)
