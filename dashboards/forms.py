"""Forms of the steps a manager takes from the dashboard."""

from __future__ import annotations

from django import forms


class AttendanceEscalationForm(forms.Form):
    reason = forms.CharField(
        label="Why are you raising it?",
        help_text="The figures are filled in for you: add what has been tried with the agency and what you "
        "need from the people you escalate to.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "reason: say why you are raising this escalation"},
    )
