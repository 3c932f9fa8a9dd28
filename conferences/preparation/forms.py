"""Forms for scheduling and preparing conferences. Choices come from this authority only, so a
posted id from elsewhere (or rubbish) is an invalid choice with a message, never a 500."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from authorities.date_fields import MEETING, RECORDED, DateInputField
from authorities.human_dates import long_date
from authorities.models import Agency, Membership, Role, Venue
from authorities.rules.ids import RuleId
from authorities.text_limits import email_field, link_field, reason_field
from cases.forms import MembershipChoiceField, NamedRequiredForm
from cases.models import Child, Family, Person, StrategyDiscussion
from conferences.models import Conference, ConferenceKind, InvitedBy, InviteeKind, ViewsRoute

OTHER_DAY = "other"
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def _at(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class WhenMixin:
    """A date offered from the working days within the statutory date, or another date, and a time."""

    def setup_days(self, offered_days: list[date]) -> None:
        choices = [(d.isoformat(), date_format(d, "l j F Y")) for d in offered_days]
        choices.append((OTHER_DAY, "Another date"))
        self.fields["day"].choices = choices
        if not offered_days:
            self.fields["day"].initial = OTHER_DAY

    def clean_when(self, cleaned: dict) -> None:
        day_choice, other_day, at = cleaned.get("day"), cleaned.get("other_day"), cleaned.get("start_time")
        day = None
        if day_choice == OTHER_DAY:
            if other_day is None:
                self.add_error("other_day", "Enter the date of the conference.")
            day = other_day
        elif day_choice:
            day = date.fromisoformat(day_choice)
        if day and at:
            cleaned["starts_at"] = _at(day, at)


class PlaceMixin:
    def setup_place(self, authority) -> None:
        self.fields["venue"].queryset = Venue.objects.for_authority(authority).filter(is_active=True)
        self.fields["venue"].empty_label = "Virtual only (no venue)"

    def clean_place(self, cleaned: dict) -> None:
        if not cleaned.get("venue") and not cleaned.get("virtual_link") and "venue" not in self.errors:
            self.add_error("venue", "Choose a venue or give a link for a virtual conference.")


class ScheduleConferenceForm(WhenMixin, PlaceMixin, NamedRequiredForm):
    required_messages = {
        "kind": "Choose the kind of conference",
        "chair": "Choose the conference chair",
        "day": "Choose the date of the conference",
    }

    kind = forms.ChoiceField(choices=ConferenceKind.choices, widget=forms.HiddenInput)
    strategy_discussion = forms.ModelChoiceField(
        label="Strategy discussion that started section 47 enquiries",
        queryset=StrategyDiscussion.objects.none(),
        required=False,
    )
    children = forms.ModelMultipleChoiceField(
        label="Children the conference is about",
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    day = forms.ChoiceField(label="Date", widget=forms.RadioSelect)
    other_day = DateInputField(label="Another date", required=False, bounds=MEETING)
    start_time = forms.TimeField(label="Start time", widget=TIME, help_text="For example, 10:00.")
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    virtual_link = link_field(
        label="Link for joining online", required=False, help_text="For a virtual or hybrid conference."
    )
    chair = MembershipChoiceField(queryset=Membership.objects.none())
    chair_reason = reason_field(
        label="Reason for this chair",
        required=False,
        widget=TEXT,
        help_text="Only where this authority advises against the chair (CHAIR-INDEPENDENT) and you go ahead.",
    )
    late_reason = reason_field(
        label="Reason the date is after the statutory due date",
        required=False,
        widget=TEXT,
        help_text="Needed if the date you choose is late; it is recorded and reported.",
    )
    midway_reason = reason_field(
        label="Why the plan is not progressing",
        required=False,
        widget=TEXT,
        help_text="Recorded with the midway review (MIDWAY-REVIEW).",
    )
    clash_reason = reason_field(
        label="Reason to book over another meeting",
        required=False,
        widget=TEXT,
        help_text="Only if the chair, the social worker or the venue already has a meeting at this time.",
    )

    def __init__(self, *args, family: Family, offered_days: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        authority = family.authority_id
        self.fields["children"].queryset = Child.objects.for_authority(authority).filter(family=family)
        self.fields["children"].label_from_instance = lambda c: c.full_name
        self.fields["strategy_discussion"].queryset = StrategyDiscussion.objects.for_authority(
            authority
        ).filter(family=family, section47_started=True)
        self.fields["strategy_discussion"].label_from_instance = lambda d: f"{long_date(d.held_on)}"
        self.fields["strategy_discussion"].empty_label = "The latest one"
        self.fields["chair"].queryset = (
            Membership.objects.for_authority(authority)
            .filter(role=Role.CHAIR, is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["chair"].empty_label = "Choose a chair"
        self.setup_place(authority)
        self.setup_days(offered_days)

    def clean(self):
        cleaned = super().clean()
        self.clean_when(cleaned)
        self.clean_place(cleaned)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        reasons = {
            RuleId.CHAIR_INDEPENDENT: data["chair_reason"],
            RuleId.MIDWAY_REVIEW: data["midway_reason"],
        }
        return {
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "chair_id": data["chair"].pk,
            "child_ids": [c.pk for c in data["children"]],
            "venue_id": data["venue"].pk if data["venue"] else None,
            "virtual_link": data["virtual_link"],
            "strategy_discussion_id": data["strategy_discussion"].pk if data["strategy_discussion"] else None,
            "late_reason": data["late_reason"],
            "rule_reasons": {k: v for k, v in reasons.items() if v},
            "clash_reason": data["clash_reason"],
        }


class RescheduleForm(WhenMixin, PlaceMixin, NamedRequiredForm):
    required_messages = {"day": "Choose the new date", "reason": "Say why the conference is moving"}

    day = forms.ChoiceField(label="New date", widget=forms.RadioSelect)
    other_day = DateInputField(label="Another date", required=False, bounds=MEETING)
    start_time = forms.TimeField(label="Start time", widget=TIME)
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    virtual_link = link_field(label="Link for joining online", required=False)
    reason = reason_field(label="Why is it moving?", widget=TEXT, help_text="Everyone invited is told.")
    late_reason = reason_field(
        label="Reason the new date is after the statutory due date", required=False, widget=TEXT
    )
    clash_reason = reason_field(
        label="Reason to book over another meeting",
        required=False,
        widget=TEXT,
        help_text="Only if the chair, the social worker or the venue already has a meeting at this time.",
    )

    def __init__(self, *args, conference: Conference, offered_days: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_place(conference.authority_id)
        self.setup_days(offered_days)

    def clean(self):
        cleaned = super().clean()
        self.clean_when(cleaned)
        self.clean_place(cleaned)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "reason": data["reason"],
            "venue_id": data["venue"].pk if data["venue"] else None,
            "virtual_link": data["virtual_link"],
            "late_reason": data["late_reason"],
            "clash_reason": data["clash_reason"],
        }


class CancelForm(NamedRequiredForm):
    required_messages = {"reason": "Say why the conference is cancelled"}

    reason = reason_field(label="Why is it cancelled?", widget=TEXT, help_text="Everyone invited is told.")

    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        where = obj.agency.name if obj.agency_id else obj.get_role_display()
        return f"{where}: {obj.user.display_name}"


class InviteProfessionalForm(NamedRequiredForm):
    membership = ProfessionalChoiceField(
        label="Professional",
        queryset=Membership.objects.none(),
        required=False,
        help_text="People who already work with this authority, by agency.",
    )
    name = forms.CharField(label="Name", required=False, max_length=200)
    email = email_field(
        required=False,
        help_text="Someone new gets a link in their invitation e-mail to create their account.",
    )
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), required=False)
    role_label = forms.CharField(
        label="Role", required=False, max_length=200, help_text="For example, “Health visitor”."
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        authority = conference.authority_id
        invited = conference.invitations.exclude(membership=None).values("membership_id")
        self.fields["membership"].queryset = (
            Membership.objects.for_authority(authority)
            .filter(is_active=True, role=Role.PRACTITIONER)
            .exclude(pk__in=invited)
            .select_related("user", "agency")
            .order_by("agency__name", "user__full_name")
        )
        self.fields["membership"].empty_label = "Someone new (enter their details below)"
        self.fields["agency"].queryset = Agency.objects.for_authority(authority).filter(is_active=True)
        self.fields["agency"].empty_label = "Choose an agency"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("membership") and "membership" not in self.errors:
            for field, message in (
                ("name", "Enter the professional's name, or choose someone from the list."),
                ("email", "Enter their e-mail address, or choose someone from the list."),
                ("agency", "Choose their agency, or choose someone from the list."),
            ):
                if not cleaned.get(field) and field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["membership"]:
            return {"membership_id": data["membership"].pk, "role_label": data["role_label"]}
        return {
            "name": data["name"],
            "email": data["email"],
            "agency_id": data["agency"].pk,
            "role_label": data["role_label"],
        }


FAMILY_HOW = [(v, label) for v, label in InvitedBy.choices if v != InvitedBy.EMAIL]


class InviteFamilyForm(NamedRequiredForm):
    required_messages = {
        "invited_by": "Choose how they were invited",
        "invited_on": "Enter the date they were invited",
    }

    person = forms.ModelChoiceField(label="Parent or carer", queryset=Person.objects.none())
    invited_by = forms.ChoiceField(
        label="How were they invited?", choices=FAMILY_HOW, widget=forms.RadioSelect
    )
    invited_on = DateInputField(label="When were they invited?", bounds=RECORDED)
    reason = reason_field(
        label="Reason",
        required=False,
        widget=TEXT,
        help_text="Only if this authority advises and you go ahead.",
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        invited = conference.invitations.exclude(person=None).values("person_id")
        self.fields["person"].queryset = (
            Person.objects.for_authority(conference.authority_id)
            .filter(family=conference.family_id)
            .exclude(pk__in=invited)
        )
        self.fields["person"].empty_label = "Choose a parent or carer"
        self.fields["invited_on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "person_id": data["person"].pk,
            "invited_by": data["invited_by"],
            "invited_on": data["invited_on"],
            "reason": data["reason"],
        }


class InviteChildForm(NamedRequiredForm):
    required_messages = {"views_route": "Choose how the child's views will reach the conference"}

    child = forms.ModelChoiceField(label="Child", queryset=Child.objects.none())
    views_route = forms.ChoiceField(
        label="How will the child's views reach the conference?",
        choices=ViewsRoute.choices,
        widget=forms.RadioSelect,
    )
    wishes_to_attend = forms.TypedChoiceField(
        label="Does the child wish to attend?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave blank if attending is not appropriate for the child's age or understanding.",
    )
    invited_by = forms.ChoiceField(
        label="How was the child invited?", choices=[("", "Not invited"), *FAMILY_HOW], required=False
    )
    invited_on = DateInputField(label="When was the child invited?", required=False, bounds=RECORDED)
    reason = reason_field(
        label="Reason",
        required=False,
        widget=TEXT,
        help_text="Only if this authority advises and you go ahead.",
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = conference.invitations.exclude(child=None).values("child_id")
        self.fields["child"].queryset = conference.children.exclude(pk__in=recorded)
        self.fields["child"].label_from_instance = lambda c: c.full_name
        self.fields["child"].empty_label = "Choose a child"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "child_id": data["child"].pk,
            "views_route": data["views_route"],
            "wishes_to_attend": data["wishes_to_attend"],
            "invited_by": data["invited_by"],
            "invited_on": data["invited_on"],
            "reason": data["reason"],
        }


class InviteOtherForm(NamedRequiredForm):
    required_messages = {
        "kind": "Choose an advocate or an interpreter",
        "name": "Enter their name",
        "invited_by": "Choose how they are invited",
    }

    kind = forms.ChoiceField(
        label="Who are you inviting?",
        choices=[(InviteeKind.ADVOCATE, "An advocate"), (InviteeKind.INTERPRETER, "An interpreter")],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(max_length=200)
    role_label = forms.CharField(
        label="Role and for whom",
        required=False,
        max_length=200,
        help_text="For example, “Advocate for the mother”.",
    )
    invited_by = forms.ChoiceField(
        label="How are they invited?", choices=InvitedBy.choices, widget=forms.RadioSelect
    )
    email = email_field(required=False, help_text="Needed to invite them by e-mail.")
    invited_on = DateInputField(label="When were they invited?", required=False, bounds=RECORDED)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
