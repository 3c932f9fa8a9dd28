"""Forms for the plan pages: they parse; the services decide and name the field when they refuse."""

from __future__ import annotations

from django import forms

from authorities.date_fields import EARLIEST_RECORDED, DateInputField, today_
from authorities.models import Membership, Role

from ..forms import NamedRequiredForm
from ..models import ENDS_OUTSIDE_REVIEW, PlanEndKind


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
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=5000,
        help_text="For example, the authority the child moved to, or the order made.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required_messages = {"end_kind": "Choose why the plan is ending"}


class EndInNeedPlanForm(NamedRequiredForm):
    ended_on = DateInputField(
        label="Date the child in need plan ended", earliest=EARLIEST_RECORDED, latest=today_
    )
    reason = forms.CharField(
        label="Why is it ending?",
        required=False,
        max_length=5000,
        help_text="Needed when the plan ends before the end of the step-down period.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OversightForm(NamedRequiredForm):
    team_manager = forms.TypedChoiceField(label="Team manager you followed this up with", coerce=int)
    on = DateInputField(label="Date of the follow-up", earliest=EARLIEST_RECORDED, latest=today_)
    follow_up = forms.CharField(
        label="What did you agree?", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
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
