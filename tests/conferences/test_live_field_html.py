"""The live page's fields written in Python (conferences.live.field_html) read exactly as
`includes/field.html` wrote them: every field of every form the live page shows, unbound and
refused, with each of the include's options, and escaped text in labels, values and errors."""

from __future__ import annotations

import copy

import pytest
from django import forms
from django.template.loader import get_template

from authorities.field_html import field_html
from conferences.models import Invitation
from tests.conferences.live_helpers import make_room

pytestmark = pytest.mark.django_db

HOSTILE = 'O\'Brien <b>&amp; "Co"'
OPTIONS = [
    {},
    {"classes": "govuk-input--width-10"},
    {"label_text": HOSTILE, "hint_text": HOSTILE},
    {"legend_class": "govuk-fieldset__legend--s", "classes": "govuk-radios--small"},
    {"page_heading": True},
    {"label_class": "govuk-label--m", "input_type": "email"},
]
STEPS = ("start", "attendance", "agenda", "parents", "opinions", "decisions", "plan", "next", "close")


class EveryWidget(forms.Form):
    """A widget of each kind field.html draws, with extra attributes and a safe hint."""

    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off", "class": "x"}))
    email = forms.EmailField(required=False, help_text=HOSTILE)
    password = forms.CharField(widget=forms.PasswordInput)
    number = forms.IntegerField(min_value=1, required=False, initial=5)
    file = forms.FileField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "data-x": HOSTILE}), initial=HOSTILE)
    agree = forms.BooleanField(required=False, help_text="Tick")
    one = forms.ChoiceField(choices=[("a", HOSTILE), ("b", "B")], widget=forms.RadioSelect, initial="b")
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    pick = forms.ChoiceField(choices=[("", "Choose"), ("a", HOSTILE)], required=False)
    picks = forms.MultipleChoiceField(choices=[("a", "A")], required=False)
    maybe = forms.NullBooleanField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, initial=HOSTILE)


def _forms(context) -> list[forms.BaseForm]:
    found = []

    def add(value):
        if callable(value) and not isinstance(value, forms.BaseForm):
            value = value()
        if isinstance(value, forms.BaseForm):
            found.append(value)

    for key in context.keys():  # noqa: SIM118 (a ContextList iterates its contexts, not keys)
        if key.endswith("_form"):
            add(context[key])
    for row in context.get("rows", []):
        for key in ("opinion_form", "decision_form", "dissent_form"):
            if row[key]:
                add(row[key])
        for trigger in row["triggers"]:
            add(trigger["form"])
    return found


def _refused(form: forms.BaseForm) -> forms.BaseForm:
    """The form as a refused post shows it: bound, with hostile text and an error on every field."""
    refused = copy.copy(form)
    refused.is_bound, refused.files, refused._errors = True, {}, None
    refused.data = {refused.add_prefix(name): HOSTILE for name in form.fields}
    refused.full_clean()
    for name in form.fields:
        refused._errors.setdefault(name, refused.error_class()).extend([HOSTILE, "Second & last"])
    return refused


def _assert_same(form: forms.BaseForm) -> int:
    template = get_template("includes/field.html")
    compared = 0
    for bound in (form, _refused(form)):
        for name in bound.fields:
            for options in OPTIONS:
                field = bound[name]
                assert str(field_html(field, **options)) == template.render({"field": field, **options}), (
                    type(form).__name__,
                    name,
                    options,
                )
                compared += 1
    return compared


def test_every_kind_of_widget_reads_as_the_template_wrote_it():
    assert _assert_same(EveryWidget(prefix="w")) == 2 * len(EveryWidget.base_fields) * len(OPTIONS)
    assert _assert_same(EveryWidget(initial={"agree": True, "many": ["a"], "pick": "a"})) > 0


def test_every_field_of_the_live_page_reads_as_the_template_wrote_it(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=2, agencies=2)
    Invitation.objects.for_authority(mine).filter(pk=room.professionals[0].pk).update(name=HOSTILE)
    client.force_login(room.chair.user)
    compared = 0
    for step in STEPS:
        response = client.get(f"/{mine.slug}/conferences/{room.pk}/live/?step={step}")
        assert response.status_code == 200
        for form in _forms(response.context):
            compared += _assert_same(form)
    assert compared > 500
