"""Forms for the requests to the chair (PROF-SLOT, OBSERVER), the chair's decisions on them, and the
records kept before the day. They only parse input; the rules are the services'."""

from __future__ import annotations

from django import forms

from authorities.date_fields import RECORDED, DateInputField
from authorities.text_limits import notes_field, reason_field
from cases.forms import NamedRequiredForm
from conferences.models import Conference

OTHER_DAY = "other"
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class SlotRequestForm(NamedRequiredForm):
    required_messages = {"reason": "Say why a professional slot is needed"}

    reason = reason_field(
        label="Why is a professional slot needed?",
        widget=TEXT,
        help_text="What is said in a professional slot is never shared with the family (PROF-SLOT).",
    )
    late_reason = reason_field(
        label="Why is this being asked on or after the conference day?", required=False, widget=TEXT
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ObserverRequestForm(NamedRequiredForm):
    required_messages = {"reason": "Say why they wish to observe"}

    observer_name = forms.CharField(label="Observer's name", max_length=200)
    observer_role = forms.CharField(label="Observer's role", max_length=200)
    reason = reason_field(label="Why do they wish to observe?", widget=TEXT)
    late_reason = reason_field(
        label="Why is this being asked on or after the conference day?", required=False, widget=TEXT
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class DecisionForm(NamedRequiredForm):
    required_messages = {
        "approve": "Choose approve or decline",
        "decision_reason": "Give the reason for your decision",
    }

    approve = forms.TypedChoiceField(
        label="Your decision",
        choices=[("yes", "Approve"), ("no", "Decline")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    decision_reason = reason_field(label="Reason", widget=TEXT)

    def service_kwargs(self) -> dict:
        return {"approve": self.cleaned_data["approve"], "reason": self.cleaned_data["decision_reason"]}


class FamilyAgreementForm(NamedRequiredForm):
    required_messages = {"agreed": "Choose whether the family agreed to the observer"}

    agreed = forms.TypedChoiceField(
        label="Did the family agree to the observer?",
        choices=[("yes", "Yes, they agreed"), ("no", "No, they did not agree")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    def service_kwargs(self) -> dict:
        return {"agreed": self.cleaned_data["agreed"]}


class FamilyNeedsForm(NamedRequiredForm):
    # Each need is a few sentences (who arranges what), so the reasons' limit fits.
    advocacy = reason_field(label="Advocacy", required=False, widget=TEXT)
    interpreter = reason_field(label="Interpreter", required=False, widget=TEXT)
    transport = reason_field(label="Transport", required=False, widget=TEXT)
    childcare = reason_field(label="Childcare", required=False, widget=TEXT)
    accessibility = reason_field(label="Accessibility", required=False, widget=TEXT)
    social_worker_met_family_on = DateInputField(
        label="Date the social worker met the family", required=False, bounds=RECORDED
    )
    written_information_given_on = DateInputField(
        label="Date the family were given written information on how conferences work",
        required=False,
        bounds=RECORDED,
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SeparateForm(NamedRequiredForm):
    arrangements = notes_field(
        label="Separate attendance arrangements",
        help_text="Where court orders, bail conditions or domestic abuse mean parents cannot attend "
        "together.",
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class PreMeetingForm(NamedRequiredForm):
    held_on = DateInputField(label="Date of the chair's pre-meeting with the parents", bounds=RECORDED)
    notes = notes_field(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SwReportForm(NamedRequiredForm):
    sw_report = notes_field(label="Social worker's report", widget=forms.Textarea(attrs={"rows": 10}))
    draft_plan = notes_field(
        label="Draft plan prepared with the family", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    danger_statement_draft = notes_field(
        label="Danger statement drafted with the family",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_professionals_on = DateInputField(
        label="Date shared with professionals", required=False, bounds=RECORDED
    )
    shared_family_on = DateInputField(label="Date shared with the family", required=False, bounds=RECORDED)
    late_reason = reason_field(label="Reason it was shared late", required=False, widget=TEXT)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
