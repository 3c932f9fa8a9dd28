"""Forms for what the core group puts to a review: its recommendation (CG-PRE-REVIEW), the chair's
conversation before the review (DELIST-CONVERSATION) and attendance concerns (CG-ATTENDANCE)."""

from __future__ import annotations

from django import forms

from authorities.date_fields import DateInputField, today_
from authorities.text_limits import NOTES_MAX_LENGTH, REASON_MAX_LENGTH, text_box
from cases.forms import NamedRequiredForm

from .models import ConcernStatus, CoreGroupMeeting, CoreGroupMember, Recommendation


def _text(label: str, *, max_length: int, help_text: str = "", rows: int = 4) -> forms.CharField:
    return text_box(label, required=True, rows=rows, help_text=help_text, max_length=max_length)


class RecommendationForm(NamedRequiredForm):
    required_messages = {
        "recommendation": "Choose whether the core group recommends continuing or ending the plan",
        "rationale": "Say why the core group recommends this",
    }
    plan = forms.TypedChoiceField(label="Which child's plan", coerce=int)
    recommendation = forms.ChoiceField(
        label="What does the core group recommend to the review?",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    rationale = _text(
        "Why",
        max_length=REASON_MAX_LENGTH,
        help_text="The core group's reasons, as discussed at the meeting.",
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [
            (p.pk, f"{p.child} (plan from {p.started_on:%-d %B %Y})") for p in plans
        ]


class ConversationForm(NamedRequiredForm):
    required_messages = {
        "spoke_with": "Choose who the chair talked with",
        "outcome": "Say what came of the conversation",
    }
    spoke_with = forms.TypedChoiceField(
        label="Who the chair talked with", coerce=int, widget=forms.RadioSelect
    )
    spoke_on = DateInputField(label="Date of the conversation", latest=today_)
    outcome = _text(
        "What came of it",
        max_length=NOTES_MAX_LENGTH,
        help_text="For example, what the recommendation to the review will be.",
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spoke_with"].choices = [
            (m.pk, f"{m.user.display_name} ({m.get_role_display().lower()})") for m in partners
        ]


class MeetingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CoreGroupMeeting) -> str:
        return f"{obj.held_on:%-d %B %Y}" if obj.held_on else f"{obj.scheduled_at:%-d %B %Y}"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoreGroupMember) -> str:
        return f"{obj.name}, {obj.agency.name}" if obj.agency_id else str(obj)


class ConcernForm(NamedRequiredForm):
    required_messages = {
        "member": "Choose whose attendance harms the plan",
        "meetings": "Choose the meetings the concern is about",
    }
    member = MemberChoiceField(
        label="Whose attendance", queryset=CoreGroupMember.objects.none(), widget=forms.RadioSelect
    )
    meetings = MeetingChoiceField(
        label="Which meetings they missed",
        queryset=CoreGroupMeeting.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    harm = _text("How this harms the plan", max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, members, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["meetings"].queryset = meetings


class ConcernResponseForm(NamedRequiredForm):
    required_messages = {"outcome": "Choose whether you resolved it or are escalating it"}
    outcome = forms.ChoiceField(
        label="What did you do?",
        choices=[
            (ConcernStatus.RESOLVED, "Resolved it with the agency"),
            (ConcernStatus.ESCALATED, "Escalate it"),
        ],
        widget=forms.RadioSelect,
    )
    response = _text(
        "Your answer, in writing",
        max_length=NOTES_MAX_LENGTH,
        help_text="What was agreed with the agency, or why you escalate.",
    )
