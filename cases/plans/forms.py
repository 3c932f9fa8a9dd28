"""Forms for the plan pages: they parse; the services decide and name the field when they refuse."""

from __future__ import annotations

from django import forms

from authorities.date_fields import EARLIEST_RECORDED, DateInputField, today_, years_after_today
from authorities.models import Membership, Role
from authorities.text_limits import notes_field, reason_field

from ..forms import NamedRequiredForm
from ..models import ENDS_OUTSIDE_REVIEW, InNeedReviewOutcome, PlanEndKind


class EndPlanForm(NamedRequiredForm):
    end_kind = forms.ChoiceField(
        label="Why is the plan ending?",
        choices=[(k.value, k.label) for k in map(PlanEndKind, ENDS_OUTSIDE_REVIEW)],
        widget=forms.RadioSelect,
    )
    ended_on = DateInputField(
        label="Date the plan ended",
        help_text="The day the child moved, became looked after, turned 18 or died. For example, 27 3 2026",
        earliest=EARLIEST_RECORDED,
        latest=today_,
    )
    details = reason_field(
        label="Details",
        required=False,
        help_text="For example, the authority the child moved to, or the order made.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required_messages = {"end_kind": "Choose why the plan is ending"}


class EndInNeedPlanForm(NamedRequiredForm):
    ended_on = DateInputField(
        label="Date the child in need plan ended", earliest=EARLIEST_RECORDED, latest=today_
    )
    reason = reason_field(
        label="Why is it ending?",
        required=False,
        help_text="Needed when the plan ends before the end of the step-down period.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OversightForm(NamedRequiredForm):
    team_manager = forms.TypedChoiceField(label="Team manager you followed this up with", coerce=int)
    on = DateInputField(label="Date of the follow-up", earliest=EARLIEST_RECORDED, latest=today_)
    follow_up = notes_field(label="What did you agree?")
    required_messages = {"follow_up": "Say what you agreed with the team manager"}

    def __init__(self, *args, authority, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        managers = (
            Membership.objects.for_authority(authority)
            .filter(role=Role.TEAM_MANAGER, is_active=True)
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
        self.fields["team_manager"].choices = [("", "Choose a team manager")] + [
            (m.pk, m.user.display_name) for m in managers
        ]


class InNeedReviewForm(NamedRequiredForm):
    """A child in need plan's review. The service checks the dates against the plan and decides
    what the outcome needs (the next review's date, or a reason to end it early)."""

    held_on = DateInputField(label="Date the review was held", earliest=EARLIEST_RECORDED, latest=today_)
    attended = reason_field(
        label="Who attended?",
        help_text="Names and roles, for example: Sam Carter (mother), Priya Shah (school nurse).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label="What did the review decide?", choices=InNeedReviewOutcome.choices, widget=forms.RadioSelect
    )
    next_review_on = DateInputField(
        label="Date of the next review",
        required=False,
        earliest=EARLIEST_RECORDED,
        latest=years_after_today(2),
        help_text="When the plan continues. For example, 27 3 2026",
    )
    reason = reason_field(
        label="Why is the plan ending now?",
        required=False,
        help_text="When the plan ends before the end of the step-down period.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = notes_field(label="Notes", required=False)
    required_messages = {
        "attended": "Say who attended the review",
        "outcome": "Choose whether the plan continues or ends",
    }
