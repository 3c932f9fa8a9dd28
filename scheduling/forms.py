from __future__ import annotations

from django import forms

from authorities.rules.catalogue import RULES

EVENT_WORDS = {
    "ICPC-15WD": "date of the strategy discussion that started section 47 enquiries",
    "CG1-10WD": "date of the initial conference",
    "RCPC1-3M": "date of the initial conference",
    "RCPCN-6M": "date of the previous review conference",
    "REPORT-2WD": "date of the conference",
    "SW-REPORT": "date of the conference",
    "CG-6WK": "date of the first core group",
    "CG-2M": "date of the previous core group",
    "STEPDOWN-CIN-3M": "date the child protection plan ended",
}


def timescale_rule_choices() -> list[tuple[str, str]]:
    return [(rule.id, f"{rule.id}: {rule.title}") for rule in RULES if rule.id in EVENT_WORDS]


class DueDateForm(forms.Form):
    rule_id = forms.ChoiceField(label="Timescale", choices=timescale_rule_choices)
    event = forms.DateField(
        label="Date the timescale counts from",
        help_text="The strategy discussion for ICPC-15WD, the conference for report deadlines, "
        "the previous review for RCPCN-6M.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
