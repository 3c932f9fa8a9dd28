"""`includes/field.html` written in Python: the same GOV.UK markup for one form field, without the
template engine's cost per value (the live page draws many small forms, and each field read some
forty values through the engine's lookups, filters and includes). Templates use it through the
`govuk_field` tag (`{% load govuk_fields %}`); the case list's search boxes call it directly.
Tests compare it with the template for every field of the live page's forms and the case list's
search form."""

from __future__ import annotations

from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from .html_text import escape

# The attributes field.html writes itself, or leaves out (includes/_field_attrs.html).
_OWN_ATTRS = frozenset(
    {"id", "name", "type", "value", "class", "checked", "aria-describedby", "aria-invalid", "autofocus"}
)
_DATE_LABELS = ("Day", "Month", "Year", "Time")
_NUMERIC = ' inputmode="numeric"'
_NO_SPELLCHECK = ' spellcheck="false"'
_LABEL_HEADING = ('<h1 class="govuk-label-wrapper">', "</h1>")


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {escape(name)}" + ("" if value is True else f'="{escape(value)}"')
        for name, value in attrs.items()
        if value is not False and value is not None and name not in _OWN_ATTRS
    )


class _Field:
    """What field.html's `{% with %}` worked out once, and the pieces every branch shares."""

    def __init__(self, field: BoundField, options: dict) -> None:
        self.field = field
        self.options = options
        self.errors = field.errors
        self.hint = options.get("hint_text") or field.help_text
        self.label = options.get("label_text") or field.label
        self.hint_id = f"{field.auto_id}-hint"
        self.error_id = f"{field.auto_id}-error"
        self.required = field.field.required
        self.disabled = field.field.disabled

    def group(self) -> str:
        return '<div class="govuk-form-group' + (" govuk-form-group--error" if self.errors else "") + '">'

    def described_by(self) -> str:
        if not (self.hint or self.errors):
            return ""
        hint = self.hint_id if self.hint else ""
        gap = " " if self.hint and self.errors else ""
        error = self.error_id if self.errors else ""
        return f' aria-describedby="{escape(hint)}{gap}{escape(error)}"'

    def hint_html(self, extra_class: str = "") -> str:
        if not self.hint:
            return ""
        return f'<div id="{escape(self.hint_id)}" class="govuk-hint{extra_class}">{escape(self.hint)}</div>'

    def errors_html(self) -> str:
        if not self.errors:
            return ""
        messages = "<br>".join(
            f'<span class="govuk-visually-hidden">Error:</span> {escape(error)}' for error in self.errors
        )
        return f'<p id="{escape(self.error_id)}" class="govuk-error-message">{messages}</p>'

    def optional(self) -> str:
        return "" if self.required else " (optional)"

    def classes(self, *more) -> str:
        extra = [self.options.get("classes"), *more]
        return "".join(f" {escape(c)}" for c in extra if c)

    def legend(self) -> str:
        page_heading = self.options.get("page_heading")
        legend_class = self.options.get("legend_class")
        modifier = (
            f" {escape(legend_class)}"
            if legend_class
            else (" govuk-fieldset__legend--l" if page_heading else "")
        )
        heading = ('<h1 class="govuk-fieldset__heading">', "</h1>") if page_heading else ("", "")
        return (
            f'    <legend class="govuk-fieldset__legend{modifier}">\n'
            f"      {heading[0]}{escape(self.label)}{self.optional()}{heading[1]}\n"
            "    </legend>\n"
            f"    {self.hint_html()}\n"
            f"    {self.errors_html()}\n"
        )


def _choices(f: _Field, radio: bool) -> str:
    field, kind = f.field, "radios" if radio else "checkboxes"
    items = []
    for index, choice in enumerate(field):
        choice_id = escape(field.auto_id if index == 0 else choice.id_for_label)
        extra = (" required" if radio and f.required else "") + (" disabled" if f.disabled else "")
        items.append(
            "\n"
            f'      <div class="govuk-{kind}__item">\n'
            f'        <input class="govuk-{kind}__input" id="{choice_id}" name="{escape(field.html_name)}" '
            f'type="{"radio" if radio else "checkbox"}" value="{escape(choice.data["value"])}"'
            f"{' checked' if choice.data['selected'] else ''}{extra}>\n"
            f'        <label class="govuk-label govuk-{kind}__label" for="{choice_id}">'
            f"{escape(choice.choice_label)}</label>\n"
            "      </div>\n      "
        )
    return (
        f"\n{f.group()}\n"
        f'  <fieldset class="govuk-fieldset"{f.described_by()}>\n'
        f"{f.legend()}"
        f"    \n"
        f'    <div class="govuk-{kind}{f.classes()}" data-module="govuk-{kind}">\n'
        f"      {''.join(items)}\n"
        "    </div>\n"
        "    \n"
        "  </fieldset>\n"
        "</div>\n"
    )


def _date(f: _Field, widget: dict) -> str:
    field, parts = f.field, []
    for index, part in enumerate(widget["subwidgets"]):
        part_id = escape(field.auto_id if index == 0 else part["attrs"]["id"])
        width = "4" if index == 2 else "5" if index == 3 else "2"
        value = "" if part["value"] is None else part["value"]
        parts.append(
            "\n"
            '      <div class="govuk-date-input__item">\n'
            '        <div class="govuk-form-group">\n'
            f'          <label class="govuk-label govuk-date-input__label" for="{part_id}">'
            f"{_DATE_LABELS[index % 4]}</label>\n"
            f'          <input class="govuk-input govuk-date-input__input govuk-input--width-{width}'
            f'{" govuk-input--error" if f.errors else ""}" id="{part_id}" name="{escape(part["name"])}" '
            f'type="text"{_NUMERIC if index < 3 else ""} autocomplete="off" '
            f'value="{escape(value)}"{" disabled" if f.disabled else ""}>\n'
            "        </div>\n"
            "      </div>\n"
            "      "
        )
    return (
        f"\n{f.group()}\n"
        f'  <fieldset class="govuk-fieldset" role="group"{f.described_by()}>\n'
        f"{f.legend()}"
        '    <div class="govuk-date-input">\n'
        f"      {''.join(parts)}\n"
        "    </div>\n"
        "  </fieldset>\n"
        "</div>\n"
    )


def _checkbox(f: _Field, widget: dict) -> str:
    field = f.field
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return (
        f"\n{f.group()}\n"
        f"  {f.errors_html()}\n"
        f'  <div class="govuk-checkboxes{f.classes()}" data-module="govuk-checkboxes">\n'
        '    <div class="govuk-checkboxes__item">\n'
        f'      <input class="govuk-checkboxes__input" id="{escape(field.id_for_label)}" '
        f'name="{escape(field.html_name)}" type="checkbox"{value}'
        f"{' checked' if widget['attrs'].get('checked') else ''}{_attrs(widget['attrs'])}"
        f"{f.described_by()}>\n"
        f'      <label class="govuk-label govuk-checkboxes__label" for="{escape(field.id_for_label)}">'
        f"{escape(f.label)}</label>\n"
        f"      {f.hint_html(' govuk-checkboxes__hint')}\n"
        "    </div>\n"
        "  </div>\n"
        "</div>\n"
    )


def _control(f: _Field, kind: str, widget: dict) -> str:
    """The textarea, select or input of the last branch."""
    field, errors = f.field, bool(f.errors)
    name, control_id = escape(field.html_name), escape(field.id_for_label)
    if kind == "textarea":
        value = "" if widget["value"] is None else widget["value"]
        return (
            f'<textarea class="govuk-textarea{" govuk-textarea--error" if errors else ""}'
            f'{f.classes(widget["attrs"].get("class"))}" id="{control_id}" name="{name}"'
            f"{_attrs(widget['attrs'])}{f.described_by()}>\n{escape(value)}</textarea>"
        )
    if kind in ("select", "selectmultiple", "nullbooleanselect"):
        attrs = field.field.widget.attrs
        options = "".join(
            f'<option value="{escape(option.data["value"])}"{" selected" if option.data["selected"] else ""}>'
            f"{escape(option.data['label'])}</option>\n    "
            for option in field.subwidgets
        )
        return (
            f'<select class="govuk-select{" govuk-select--error" if errors else ""}'
            f'{f.classes(attrs.get("class"))}" id="{control_id}" name="{name}"'
            f"{' multiple' if kind == 'selectmultiple' else ''}"
            f"{' required' if f.required and kind != 'selectmultiple' else ''}"
            f"{' disabled' if f.disabled else ''}{_attrs(attrs)}{f.described_by()}>\n"
            f"    {options}\n  </select>"
        )
    if widget.get("type") == "file":
        return (
            f'<input class="govuk-file-upload{" govuk-file-upload--error" if errors else ""}'
            f'{f.classes(widget["attrs"].get("class"))}" id="{control_id}" name="{name}" type="file"'
            f"{_attrs(widget['attrs'])}{f.described_by()}>"
        )
    input_type = f.options.get("input_type") or widget.get("type") or "text"
    spellcheck = widget.get("type") in ("email", "password", "url") or f.options.get("input_type") in (
        "email",
        "url",
    )
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return (
        f'<input class="govuk-input{" govuk-input--error" if errors else ""}'
        f'{f.classes(widget["attrs"].get("class"))}" id="{control_id}" name="{name}" '
        f'type="{escape(input_type)}"{value}{_NO_SPELLCHECK if spellcheck else ""}'
        f"{_attrs(widget['attrs'])}{f.described_by()}>"
    )


def _single(f: _Field, kind: str, widget: dict) -> str:
    page_heading, label_class = f.options.get("page_heading"), f.options.get("label_class")
    modifier = f" {escape(label_class)}" if label_class else (" govuk-label--l" if page_heading else "")
    open_heading, close_heading = _LABEL_HEADING if page_heading else ("", "")
    return (
        f"\n{f.group()}\n"
        f'  {open_heading}<label class="govuk-label{modifier}" for="{escape(f.field.id_for_label)}">'
        f"{escape(f.label)}{f.optional()}</label>{close_heading}\n"
        f"  {f.hint_html()}\n"
        f"  {f.errors_html()}\n"
        f"  \n  {_control(f, kind, widget)}\n  \n"
        "</div>\n"
    )


def field_html(field: BoundField, **options) -> SafeString:
    """One field as `{% include "includes/field.html" with field=... %}` wrote it; `options` are the
    include's own (label_text, hint_text, label_class, legend_class, page_heading, input_type,
    classes)."""
    if field.is_hidden:
        return mark_safe(f"{field}\n")
    kind = field.widget_type
    # A choice field with no choices has no subwidget: the template then read nothing from it.
    subwidgets = field.subwidgets
    widget = subwidgets[0].data if subwidgets else {"value": None, "attrs": {}, "subwidgets": []}
    f = _Field(field, options)
    if kind in ("radioselect", "checkboxselectmultiple"):
        html = _choices(f, kind == "radioselect")
    elif kind in ("dateinput", "datetimeinput"):
        html = _date(f, widget)
    elif kind == "checkbox":
        html = _checkbox(f, widget)
    else:
        html = _single(f, kind, widget)
    # Safe: every value in it went through `escape`.
    return mark_safe(f"\n{html}\n")
