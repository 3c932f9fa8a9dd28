"""Forms of the live conference page. They only parse input; the rules live in conferences.live.services.

Choices that depend on the conference (who is present, the family's people, the rule set's
categories and scale) are passed in from the page's loaded state, so building the forms costs no
queries."""

from __future__ import annotations

from django import forms

from authorities.date_fields import DUE, MEETING, RECORDED, DateInputField
from authorities.datetime_fields import DateTimeInputField
from authorities.models import Membership, Role
from authorities.rules.ids import RuleId
from authorities.text_limits import REASON_MAX_LENGTH, reason_field, text_box
from cases.forms import RequiredMessagesMixin
from cases.models import Category
from conferences.models import (
    Attendance,
    ConferenceKind,
    OutlineItemKind,
    PlanKind,
    StepDownRoute,
    TriggerAction,
    ViewsFormat,
    ViewsGiven,
    ViewsRoute,
)
from conferences.selectors import LiveConference

from .services import allowed_outcomes

YES_NO_ABSTAIN = [("yes", "Yes, a plan is needed"), ("no", "No plan needed"), ("abstain", "Abstains")]


def _text(label: str, *, required: bool = True, **kwargs) -> forms.CharField:
    return text_box(label, required=required, **kwargs)


class AttendanceForm(forms.Form):
    invitation = forms.IntegerField(widget=forms.HiddenInput)
    attendance = forms.ChoiceField(
        label="Attendance", choices=[(v, label) for v, label in Attendance.choices if v != Attendance.UNKNOWN]
    )
    proxy_name = forms.CharField(label="Briefed colleague attending instead", required=False, max_length=200)
    views_route = forms.ChoiceField(
        label="How the child's views are given",
        required=False,
        choices=[("", "Not recorded"), *ViewsRoute.choices],
    )
    reason = forms.CharField(label="Reason", required=False, max_length=500)


class ReasonForm(forms.Form):
    reason = _text("Reason")


class AgendaNoteForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = _text("Notes", required=False, rows=8)


class ParentViewForm(forms.Form):
    person = forms.ChoiceField(label="Whose views", required=False)
    name = forms.CharField(
        label="Or their name", required=False, max_length=200, help_text="If they are not on the case."
    )
    given = forms.ChoiceField(
        label="When were they given?", choices=ViewsGiven.choices, widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label="How were they given?",
        choices=ViewsFormat.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave this out if they were not given.",
    )
    views = _text("Their views, or why they were not given", rows=5)

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a parent or carer")] + [
            (str(p.pk), str(p)) for p in live.people
        ]


class CorrectionForm(forms.Form):
    invitation = forms.ChoiceField(label="Which report")
    person = forms.ChoiceField(label="Who asked", required=False)
    factually_correct = forms.ChoiceField(
        label="Is the report factually correct?",
        choices=[("yes", "Yes"), ("no", "No: a correction is needed")],
        widget=forms.RadioSelect,
    )
    correction = _text("Correction asked for", required=False)

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].choices = [
            (str(i.pk), f"{i.name} ({i.role_label or i.agency or 'professional'})")
            for i in live.professionals
        ]
        self.fields["person"].choices = [("", "Choose a parent or carer")] + [
            (str(p.pk), str(p)) for p in live.people
        ]


class OpinionForm(forms.Form):
    child = forms.IntegerField(widget=forms.HiddenInput)
    invitation = forms.ChoiceField(label="Professional")
    plan_needed = forms.ChoiceField(
        label="Is a child protection plan needed?", choices=YES_NO_ABSTAIN, widget=forms.RadioSelect
    )
    reasons = _text("Reasons", required=False, max_length=REASON_MAX_LENGTH)
    category = forms.ChoiceField(label="Category of harm", required=False)
    score = forms.IntegerField(label="Scaling score", required=False)

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].choices = [("", "Choose who is speaking")] + [
            (str(i.pk), f"{i.name} ({i.role_label or i.agency or 'professional'})")
            for i in live.present_professionals
        ]
        allowed = live.rule_set.values(RuleId.CATEGORY).get("categories") or Category.values
        labels = dict(Category.choices)
        self.fields["category"].choices = [("", "Not applicable")] + [(c, labels.get(c, c)) for c in allowed]
        if live.rule_set.is_on(RuleId.SCALING):
            scaling = live.rule_set.values(RuleId.SCALING)
            meaning = live.rule_set.values(RuleId.OPINION)
            low, high = int(scaling.get("min", 0)), int(scaling.get("max", 10))
            low_means = meaning.get("scale_low_meaning", "")
            high_means = meaning.get("scale_high_meaning", "")
            if scaling.get("safe_end", "max") == "min":
                low_means, high_means = high_means, low_means
            self.fields["score"].min_value = low
            self.fields["score"].max_value = high
            self.fields["score"].widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
            self.fields["score"].help_text = f"{low} means {low_means}; {high} means {high_means}."
        else:
            del self.fields["score"]

    def plan_needed_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["plan_needed"])


class TriggerForm(forms.Form):
    child = forms.IntegerField(widget=forms.HiddenInput)
    rule_id = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label="What the chair does", choices=TriggerAction.choices, widget=forms.RadioSelect
    )
    note = _text("What was discussed, or why not", required=False)


class DecisionForm(forms.Form):
    child = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    category = forms.ChoiceField(label="Primary category of harm", required=False)
    rationale = _text(
        "Chair's rationale",
        required=False,
        help_text="Needed when opinions are split or the decision differs from them.",
    )
    step_down_route = forms.ChoiceField(
        label="After the plan ends", required=False, choices=StepDownRoute.choices, widget=forms.RadioSelect
    )
    step_down_rationale = _text("Why there is no child in need plan", required=False)
    oversight_by = forms.ChoiceField(label="Head of service overseeing this", required=False)

    def __init__(self, *args, live: LiveConference, heads_of_service: list[Membership] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = allowed_outcomes(live.conference)
        allowed = live.rule_set.values(RuleId.CATEGORY).get("categories") or Category.values
        labels = dict(Category.choices)
        self.fields["category"].choices = [("", "Not applicable")] + [(c, labels.get(c, c)) for c in allowed]
        show_step_down = live.conference.offers_step_down(live.rule_set)
        if show_step_down:
            self.fields["oversight_by"].choices = [("", "Choose")] + [
                (str(m.pk), m.user.display_name) for m in heads_of_service if m.role == Role.HEAD_OF_SERVICE
            ]
        else:
            for name in ("step_down_route", "step_down_rationale", "oversight_by"):
                del self.fields[name]


class DissentForm(forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    invitation = forms.ChoiceField(label="Who dissents")
    reasons = _text("Reasons for the dissent", max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].choices = [("", "Choose a professional")] + [
            (str(i.pk), i.name) for i in live.present_professionals
        ]


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    contingency = _text("Contingency plan", required=False, rows=4)
    bottom_lines = _text("Non-negotiable bottom lines", required=False, rows=4)
    resource_plan_review = forms.CharField(
        label="How often the resource plan is reviewed",
        required=False,
        max_length=200,
        help_text="For example, every 3 months.",
    )
    safety_plan_review = forms.CharField(
        label="How often the safety plan is reviewed",
        required=False,
        max_length=200,
        help_text="For example, every 2 weeks.",
    )

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        if not live.rule_set.is_on(RuleId.PLAN_KINDS):
            del self.fields["resource_plan_review"]
            del self.fields["safety_plan_review"]


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label="What to add")
    text = _text("Text")
    plan_kind = forms.ChoiceField(
        label="Which plan", required=False, choices=[("", "Both"), *PlanKind.choices]
    )
    indicators = _text("Outcome indicators: what will show us the child is safe?", required=False)
    collected_by = forms.CharField(label="Who collects that information", required=False, max_length=200)
    owner_name = forms.CharField(label="Owner (person)", required=False, max_length=200)
    owner_agency = forms.ChoiceField(label="Owner (agency)", required=False)
    due_on = DateInputField(label="Due by", required=False, bounds=DUE)
    answers = forms.ChoiceField(label="Danger statement it answers", required=False)
    frequency = forms.CharField(label="How often they see the child", required=False, max_length=200)

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = list(OutlineItemKind.choices)
        if not live.rule_set.is_on(RuleId.CG_SEE_CHILD):
            kinds = [k for k in kinds if k[0] != OutlineItemKind.CONTACT]
            del self.fields["frequency"]
        self.fields["kind"].choices = kinds
        if not live.rule_set.is_on(RuleId.PLAN_KINDS):
            del self.fields["plan_kind"]
        agencies = {}
        for invitation in live.invitations:
            if invitation.agency_id:
                agencies[invitation.agency_id] = invitation.agency.name
        self.fields["owner_agency"].choices = [("", "None")] + [
            (str(k), v) for k, v in sorted(agencies.items(), key=lambda x: x[1])
        ]
        self.fields["answers"].choices = [("", "Choose a danger statement")] + [
            (str(d.pk), d.text[:80]) for d in live.dangers
        ]


class RemoveItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)


class ActionDueForm(forms.Form):
    """Move an action's due date in the room (its OUTCOME deadline moves with it)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    due_on = DateInputField(label="Due by", required=False, bounds=DUE)


class ActionDoneForm(forms.Form):
    """Mark an outline plan action done: on the day given, or today."""

    done_on = DateInputField(label="Done on", required=False, bounds=RECORDED)


class ActionNotDoneForm(RequiredMessagesMixin, forms.Form):
    """Take back "done" on an outline plan action marked done by mistake, saying why."""

    required_messages = {"reason": "Enter the reason the action is not done after all"}
    reason = reason_field(
        label="Reason",
        help_text="Why it is not done after all. The action's history keeps it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeTellerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    outcome_told_by = forms.CharField(
        label="Who tells the child the outcome and shares the safety plan with them", max_length=200
    )


class NextDatesForm(forms.Form):
    first_core_group_at = DateTimeInputField(label="First core group", required=False, bounds=MEETING)
    venue = forms.ChoiceField(label="Core group venue", required=False)
    next_review_on = DateInputField(label="Next review conference", bounds=MEETING)
    reason = _text("Reason, if a date is beyond its timescale", required=False, rows=2)
    clash_reason = _text("Reason to book the core group over another meeting", required=False, rows=2)

    def __init__(self, *args, live: LiveConference, venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        if live.conference.kind != ConferenceKind.INITIAL:
            del self.fields["first_core_group_at"]
            del self.fields["venue"]
            del self.fields["clash_reason"]
        else:
            self.fields["venue"].choices = [("", "Not decided")] + [(str(v.pk), v.name) for v in venues]


class MembersForm(forms.Form):
    invitations = forms.MultipleChoiceField(
        label="Invited to the conference", required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.MultipleChoiceField(
        label="Family members", required=False, widget=forms.CheckboxSelectMultiple
    )
    other_names = _text(
        "Anyone else", required=False, help_text="One a line: name, then a comma and their role.", rows=3
    )

    def __init__(self, *args, live: LiveConference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitations"].choices = [
            (str(i.pk), f"{i.name} ({i.role_label or i.get_kind_display()})")
            for i in live.invitations
            if i.kind in ("professional", "parent")
        ]
        self.fields["people"].choices = [(str(p.pk), str(p)) for p in live.people]

    def other_name_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data.get("other_names", "").splitlines():
            name, _, role = line.partition(",")
            if name.strip():
                pairs.append((name.strip(), role.strip()))
        return pairs


class CloseForm(forms.Form):
    reason = _text("Reason, where a rule asks for one", required=False, rows=2)


class LongPlanForm(forms.Form):
    child = forms.IntegerField(widget=forms.HiddenInput)
    answer = _text("The chair's answer", rows=4)
