"""The start form: on the conference's day it is one button; recorded on another day it asks the
day it was held and why; a preparation rule advised here and not done asks why the chair goes ahead."""

from __future__ import annotations

from django import forms

from authorities.date_fields import DateInputField, today_
from authorities.text_limits import reason_field
from conferences.checklist import CheckItem


class StartForm(forms.Form):
    held_day = DateInputField(
        label="Date it was held",
        required=False,
        latest=today_,
        help_text="Only if it was held on another day than the one booked. For example, 27 3 2026",
    )
    held_reason = reason_field(
        label="Why it is recorded on another day",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prompts: list[CheckItem] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = [p for p in prompts if p.asks_reason]
        for item in self.prompts:
            self.fields[f"reason_{item.rule_id}"] = reason_field(
                label=f"Why go ahead without it: {item.title.lower()} ({item.rule_id})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def reasons(self) -> dict[str, str]:
        return {p.rule_id: self.cleaned_data.get(f"reason_{p.rule_id}", "") for p in self.prompts}

    def reason_fields(self) -> list:
        return [self[f"reason_{p.rule_id}"] for p in self.prompts]
