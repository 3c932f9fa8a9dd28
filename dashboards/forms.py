"""Forms of the steps a manager takes from the dashboard."""

from __future__ import annotations

from django import forms

from authorities.text_limits import notes_field
from scheduling.forms import EscalationStepForm


class AttendanceEscalationForm(forms.Form):
    # The figures filled in for the manager take part of the box, so the notes' limit, not a reason's.
    reason = notes_field(
        label="Why are you raising it?",
        help_text="The figures are filled in for you: add what has been tried with the agency and what you "
        "need from the people you escalate to.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "reason: say why you are raising this escalation"},
    )


class DashboardStepForm(EscalationStepForm):
    """An escalation step taken from the dashboard: the same fields as the escalation's own page,
    with messages that name the field and say what to write."""

    REQUIRED = {
        "move_up": "note: say why it needs to go up a level",
        "resolve": "note: say how it was resolved",
    }

    def __init__(self, *args, step: str, **kwargs) -> None:
        super().__init__(*args, step=step, **kwargs)
        if step in self.REQUIRED:
            self.fields["note"].error_messages["required"] = self.REQUIRED[step]
