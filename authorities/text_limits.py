"""How much free text a person may type into one box: one place for the limits, for forms and for
the API alike. Reasons (why a conference is cancelled, why a professional slot is needed) are a few
sentences; notes and minutes sections run longer. Without a limit a box took any amount (10,000
characters and more of pasted text), which no one reads and every page and e-mail then carries.
The limits are checked on input only: text already saved is kept as it is."""

from __future__ import annotations

from django import forms
from rest_framework import serializers

REASON_MAX_LENGTH = 2_000
NOTES_MAX_LENGTH = 10_000
# A postal address is a few lines; 500 leaves room for a care-of line and directions to the door
# while a pasted letter is refused instead of landing on every invitation and letter.
ADDRESS_MAX_LENGTH = 500
# Names, roles and who-does-what lines are kept in columns of 200 characters: the API checks the
# same length, so a longer one is a 400 naming the field instead of a database error.
NAME_MAX_LENGTH = 200
# Links and e-mail addresses are not free text but are typed into boxes too: their columns hold 200
# and 254 characters, and a longer one (a link pasted with its tracking tail) must be a message on
# the page or a 400 in the API, never a database error.
LINK_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
# A structured agency report lists every child and adult of one family and a section's marked
# statements: more rows than these is a pasted list or a runaway script, refused with a message rather
# than cut off at the end.
REPORT_ROWS_MAX = 30
REPORT_STATEMENTS_MAX = 100
# Codes the API takes as text: a category of harm (its column holds 20) and a date as YYYY-MM-DD.
CODE_MAX_LENGTH = 20
ISO_DATE_LENGTH = 10


def _too_long(name: str, limit: int) -> str:
    # %(show_value)d is filled in by Django's max_length validator: the length actually typed.
    return f"{name} must be {limit:,} characters or fewer (this has %(show_value)d)"


def _named(label: str, limit: int) -> dict[str, str]:
    return {"max_length": _too_long(f"“{label}”", limit)}


def link_field(*, label: str, **kwargs) -> forms.URLField:
    """A link typed into a box (no scheme means https), as long as its column holds."""
    kwargs.setdefault("assume_scheme", "https")
    return forms.URLField(
        label=label, max_length=LINK_MAX_LENGTH, error_messages=_named(label, LINK_MAX_LENGTH), **kwargs
    )


def email_field(*, label: str = "E-mail address", **kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=label, max_length=EMAIL_MAX_LENGTH, error_messages=_named(label, EMAIL_MAX_LENGTH), **kwargs
    )


class LimitedTextField(forms.CharField):
    """A form's free-text box with a maximum length whose message names the box and the limit."""

    def __init__(self, *, max_length: int = REASON_MAX_LENGTH, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.relabel(self.label)

    def relabel(self, label: str | None, *, name: str | None = None) -> None:
        """Give the box a label after it is made (a form that labels it per use), and name it in
        the too-long message too: by `name` where the label alone is ambiguous on its page (a
        row's "First name", a section's "Why")."""
        self.label = label
        name = name or (str(label).rstrip("?:") if label else "This answer")
        self.error_messages["max_length"] = _too_long(f"“{name}”", self.max_length)

    def widget_attrs(self, widget):
        # No maxlength in the page: a browser cuts pasted text off there without a word; the
        # server's message says how much is too much and gives the whole text back to shorten.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def text_box(
    label: str, *, required: bool, rows: int = 3, help_text: str = "", max_length: int = NOTES_MAX_LENGTH
) -> LimitedTextField:
    """A free-text box of `rows` lines (the pages' forms work without JavaScript, so no auto-grow)."""
    return LimitedTextField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def reason_field(**kwargs) -> LimitedTextField:
    kwargs.setdefault("max_length", REASON_MAX_LENGTH)
    return LimitedTextField(**kwargs)


def notes_field(**kwargs) -> LimitedTextField:
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
    kwargs.setdefault("max_length", NOTES_MAX_LENGTH)
    return LimitedTextField(**kwargs)


def address_field(**kwargs) -> LimitedTextField:
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    kwargs.setdefault("max_length", ADDRESS_MAX_LENGTH)
    return LimitedTextField(**kwargs)


class LimitedTextSerializerField(serializers.CharField):
    """The API's free-text field with the same limits and a message that says the limit (the
    error is keyed by the field's name)."""

    def __init__(self, *, max_length: int = REASON_MAX_LENGTH, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_length", f"Must be {max_length:,} characters or fewer.")
        super().__init__(max_length=max_length, **kwargs)


def reason_serializer_field(**kwargs) -> LimitedTextSerializerField:
    kwargs.setdefault("max_length", REASON_MAX_LENGTH)
    return LimitedTextSerializerField(**kwargs)


def notes_serializer_field(**kwargs) -> LimitedTextSerializerField:
    kwargs.setdefault("max_length", NOTES_MAX_LENGTH)
    return LimitedTextSerializerField(**kwargs)


def address_serializer_field(**kwargs) -> LimitedTextSerializerField:
    kwargs.setdefault("max_length", ADDRESS_MAX_LENGTH)
    return LimitedTextSerializerField(**kwargs)


def name_serializer_field(**kwargs) -> LimitedTextSerializerField:
    kwargs.setdefault("max_length", NAME_MAX_LENGTH)
    return LimitedTextSerializerField(**kwargs)
