"""The case list's search boxes written in Python: the same GOV.UK markup `includes/field.html`
wrote for a text box and a drop-down, without the template engine and Django's per-option widget
rendering (three fields, ten options, cost more than the fifty rows of the table)."""

from __future__ import annotations

from django import forms
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from .case_rows_html import escape


def _value(value: object) -> str:
    """As `{{ value|stringformat:'s' }}`: the text escaped even when it was marked safe."""
    return escape(str(value))


def _errors(field: BoundField, error_id: str) -> str:
    if not field.errors:
        return ""
    messages = "<br>".join(
        f'<span class="govuk-visually-hidden">Error:</span> {escape(error)}' for error in field.errors
    )
    return f'<p id="{error_id}" class="govuk-error-message">{messages}</p>'


def _described_by(hint_id: str | None, error_id: str | None) -> str:
    ids = " ".join(part for part in (hint_id, error_id) if part)
    return f' aria-describedby="{ids}"' if ids else ""


def _options(field: BoundField) -> str:
    """The options, the first whose value is the field's value selected (as Django's Select)."""
    chosen = set(field.field.widget.format_value(field.value()))
    options, selected_one = [], False
    for value, label in field.field.choices:
        value = "" if value is None else str(value)
        selected = not selected_one and value in chosen
        selected_one = selected_one or selected
        options.append(
            f'<option value="{_value(value)}"{" selected" if selected else ""}>{escape(label)}</option>\n    '
        )
    return "".join(options)


def field_html(field: BoundField) -> SafeString:
    """One text box or single-choice drop-down, optional and enabled, with no extra attributes:
    what `{% include "includes/field.html" with field=... %}` wrote for it."""
    widget = field.field.widget
    if type(widget) not in (forms.TextInput, forms.Select) or field.field.required or field.field.disabled:
        raise ValueError(f"{field.name}: only an optional text box or drop-down is written here")
    if any(value is not False and value is not None for value in widget.attrs.values()):
        raise ValueError(f"{field.name}: extra widget attributes are not written here")
    auto_id = escape(field.auto_id)
    hint = escape(field.help_text) if field.help_text else ""
    error_id = f"{auto_id}-error" if field.errors else None
    hint_id = f"{auto_id}-hint" if hint else None
    error_class = " govuk-form-group--error" if field.errors else ""
    name = escape(field.html_name)
    hint_html = f'<div id="{hint_id}" class="govuk-hint">{hint}</div>' if hint else ""
    if isinstance(widget, forms.Select):
        control = (
            f'<select class="govuk-select{" govuk-select--error" if field.errors else ""}" id="{auto_id}" '
            f'name="{name}"{_described_by(hint_id, error_id)}>\n    {_options(field)}\n  </select>'
        )
    else:
        shown = widget.format_value(field.value())
        value = "" if shown is None else f' value="{_value(shown)}"'
        control = (
            f'<input class="govuk-input{" govuk-input--error" if field.errors else ""}" id="{auto_id}" '
            f'name="{name}" type="text"{value}{_described_by(hint_id, error_id)}>'
        )
    # Safe: the label, hint, errors, name and values above all went through `escape`.
    return mark_safe(
        f'\n\n<div class="govuk-form-group{error_class}">\n'
        f'  <label class="govuk-label" for="{auto_id}">{escape(field.label)} (optional)</label>\n'
        f"  {hint_html}\n  {_errors(field, error_id or '')}\n  \n  {control}\n  \n</div>\n\n"
    )


def search_fields_html(form: forms.Form) -> dict[str, SafeString]:
    """Each of the case list's search fields, by name, as the page shows it."""
    return {name: field_html(form[name]) for name in form.fields}
