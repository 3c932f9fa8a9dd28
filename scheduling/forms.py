from __future__ import annotations

from django import forms
from django.utils.html import format_html

from authorities.date_fields import EARLIEST_RECORDED, DateInputField, years_after_today
from authorities.rules.catalogue import RULES
from authorities.rules.ids import RuleId
from authorities.text_limits import notes_field

EVENT_WORDS = {
    RuleId.ICPC_15WD: "date of the strategy discussion that started section 47 enquiries",
    RuleId.CG1_10WD: "date of the initial conference",
    RuleId.RCPC1_3M: "date of the initial conference",
    RuleId.RCPCN_6M: "date of the previous review conference",
    RuleId.REPORT_2WD: "date of the conference",
    RuleId.SW_REPORT: "date of the conference",
    RuleId.CG_6WK: "date of the first core group",
    RuleId.CG_2M: "date of the previous core group",
    RuleId.STEPDOWN_CIN_3M: "date the child protection plan ended",
}


def timescale_rule_choices() -> list[tuple[str, str]]:
    """Each timescale as its title with the rule id after it, the id kept on one line: a narrow
    screen would otherwise break "(RCPCN-6M)" at its hyphen."""
    return [
        (rule.id, format_html('{} <span class="app-nowrap">({})</span>', rule.title, rule.id))
        for rule in RULES
        if rule.id in EVENT_WORDS
    ]


class DueDateForm(forms.Form):
    # Radios rather than a dropdown: a select cuts a long rule title off on a phone, and nine
    # choices read more easily laid out than hidden behind one box.
    rule_id = forms.ChoiceField(
        label="Timescale",
        choices=timescale_rule_choices,
        initial=RuleId.ICPC_15WD,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the timescale to work out"},
    )
    event = DateInputField(
        label="Date the timescale counts from",
        help_text="The strategy discussion for ICPC-15WD, the conference for report deadlines, "
        "the previous review for RCPCN-6M. For example, 27 3 2026.",
        earliest=EARLIEST_RECORDED,
        latest=years_after_today(5),
    )


# --- escalations and notifications ------------------------------------------------------------


class RaiseEscalationForm(forms.Form):
    kind = forms.ChoiceField(label="What is the concern?", widget=forms.RadioSelect)
    family = forms.TypedChoiceField(
        label="Which case is it about?", required=False, coerce=int, empty_value=None
    )
    # Longer writing: what is happening and what has been tried, so the notes' limit.
    reason = notes_field(
        label="Why are you raising it?",
        help_text="What is happening, what has been tried, and what you need from the people you escalate "
        "to.",
    )

    def __init__(self, *args, families=(), **kwargs) -> None:
        from .escalations import HAND_KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in HAND_KINDS]
        self.fields["family"].choices = [("", "Not about one case")] + [
            (family.pk, f"{family.name}{f' ({family.reference})' if family.reference else ''}")
            for family in families
        ]


class EscalationStepForm(forms.Form):
    """One of the steps on an escalation's page; `step` says which (each has its own form)."""

    STEPS = {
        "acknowledge": ("Note", False, "Optional: what you will do next."),
        "comment": ("Comment", True, ""),
        "move_up": (
            "Why it needs to go up a level",
            True,
            "What was tried at this level and why it was not enough.",
        ),
        "resolve": ("How it was resolved", True, ""),
    }

    note = notes_field(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, step: str, **kwargs) -> None:
        super().__init__(*args, prefix=step, **kwargs)
        label, required, help_text = self.STEPS[step]
        self.step_name = step
        self.fields["note"].relabel(label)
        self.fields["note"].required = required
        self.fields["note"].help_text = help_text
