"""Forms for the report pages: an upload, sharing with the family, a proxy, an addendum and a
parent's views. The structured report's form is in `structured_form.py`."""

from __future__ import annotations

from django import forms

from authorities.date_fields import RECORDED, DateInputField
from authorities.text_limits import NAME_MAX_LENGTH, LimitedTextField, notes_field, reason_field


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Your agency's report",
        help_text="PDF, Word (.docx) or OpenDocument text (.odt), up to 20 MB. Checked by its content, "
        "not its name.",
    )
    signed = forms.BooleanField(
        required=False,
        label="This is my report, and it holds the minimum contents this authority asks for (signed)",
    )
    late_reason = reason_field(required=False, widget=_textarea(3), label="If the report is late, why")


class SharingForm(forms.Form):
    CHOICES = (("shared", "Yes, it was shared with the family"), ("exempt", "No, it is exempt from sharing"))

    outcome = forms.ChoiceField(
        label="Has the report been shared with the family?", widget=forms.RadioSelect, choices=CHOICES
    )
    shared_on = DateInputField(label="Date it was shared", required=False, bounds=RECORDED)
    reason = reason_field(
        required=False,
        widget=_textarea(3),
        label="Reason for the exemption",
        help_text="Exceptional circumstances only (REPORT-SHARED).",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "shared" and not cleaned.get("shared_on"):
            self.add_error("shared_on", "Enter the date the report was shared with the family.")
        return cleaned


class ProxyForm(forms.Form):
    cannot_attend = forms.TypedChoiceField(
        label="Can you attend the conference?",
        widget=forms.RadioSelect,
        choices=(("no", "Yes, I will attend"), ("yes", "No, I cannot attend")),
        coerce=lambda v: v == "yes",
    )
    proxy_name = LimitedTextField(
        required=False,
        max_length=NAME_MAX_LENGTH,
        label="Name and role of the briefed colleague attending instead",
        help_text="Send your report on time and brief a colleague to attend in your place (REPORT-PROXY).",
    )
    reason = reason_field(required=False, widget=_textarea(3), label="If no colleague can attend, why")


class AddendumForm(forms.Form):
    text = notes_field(
        label="What has come to light since you submitted the report",
        widget=_textarea(6),
        help_text="An addendum is shown as late (REPORT-2WD).",
    )


class ParentViewsForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="The parent's written views (document)",
        help_text="PDF, Word (.docx) or OpenDocument text (.odt), up to 20 MB.",
    )
    text = notes_field(
        required=False, widget=_textarea(8), label="Or type the parent's views as they gave them"
    )
