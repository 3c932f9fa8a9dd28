"""Forms for the case pages. They parse and render; the services decide (and name the field
when they refuse). Choice fields only offer this authority's rows, so a posted id from elsewhere
is an invalid choice, never a 500."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

from authorities.date_fields import BIRTH, EXPECTED_BIRTH, RECORDED, DateInputField
from authorities.models import Membership, Role
from authorities.rules.checks import RuleViolation
from authorities.text_limits import (
    NAME_MAX_LENGTH,
    LimitedTextField,
    address_field,
    email_field,
    notes_field,
    reason_field,
)

from .census_codes import Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex, UPNUnknown
from .models import Child, Family, Gender, Person, RelationshipKind
from .selectors import Whose
from .services import CHILD_FIELDS, PERSON_FIELDS, ChildDetails, PersonDetails, RelationshipDetails


def apply_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's refusal on the form: ValidationError by field, RuleViolation on its field."""
    if isinstance(error, RuleViolation):
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, error)


CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)
ARTICLES = ("the ", "a ", "an ", "your ", "their ", "who ", "how ", "why ", "when ", "whether ")


def required_message(field: forms.Field, name: str) -> str:
    """A "required" message naming the field: "Choose the chair", "Enter the start time"."""
    label = str(field.label or pretty_name(name)).strip()
    if label.endswith("?"):
        return f"Answer “{label}”"  # questions read badly with a verb in front: override them
    verb = "Choose" if isinstance(field, CHOICE_FIELDS) else "Enter"
    text = label if label[:2].isupper() else label[:1].lower() + label[1:]  # keep "ICPC…" as it is
    return f"{verb} {text if text.startswith(ARTICLES) else 'the ' + text}"


class RequiredMessagesMixin:
    """Every required field says what is missing instead of Django's "This field is required."
    The message is built from the label ("Enter …" for what is typed, "Choose …" for choices);
    `required_messages` gives the wording for the fields where that would read badly."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.required:
                field.error_messages["required"] = self.required_messages.get(name) or required_message(
                    field, name
                )


class NamedRequiredForm(RequiredMessagesMixin, forms.Form):
    """The social worker's forms: required messages that name the field."""


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name


class FamilyForm(NamedRequiredForm):
    name = forms.CharField(
        label="Case name", max_length=200, help_text="How the case is known, for example “Smith family”."
    )
    reference = forms.CharField(label="Case reference", max_length=50, required=False)
    address = address_field(label="Family address", required=False)
    social_worker = MembershipChoiceField(queryset=Membership.objects.none(), required=False)
    referral_on = DateInputField(label="Referral date", required=False, bounds=RECORDED)
    referral_source = forms.ChoiceField(
        label="Source of the referral", choices=[("", "Not given"), *ReferralSource.choices], required=False
    )
    primary_need = forms.ChoiceField(
        label="Primary need (from the assessment)",
        choices=[("", "Not given"), *PrimaryNeed.choices],
        required=False,
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = (
            Membership.objects.for_authority(authority)
            .filter(role=Role.SOCIAL_WORKER, is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["social_worker"].empty_label = "Choose a social worker"

    @classmethod
    def initial_for(cls, family: Family) -> dict:
        return {
            "name": family.name,
            "reference": family.reference,
            "address": family.address,
            "social_worker": family.social_worker_id,
            "referral_on": family.referral_on,
            "referral_source": family.referral_source,
            "primary_need": family.primary_need,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        worker = data["social_worker"]
        return {
            "name": data["name"],
            "reference": data["reference"],
            "address": data["address"],
            "social_worker_id": worker.pk if worker else None,
            "referral_on": data["referral_on"],
            "referral_source": data["referral_source"],
            "primary_need": data["primary_need"],
        }


class ChildForm(NamedRequiredForm):
    required_messages = {
        "first_name": "Enter the child's first name (for an unborn child, for example “Unborn”)",
        "last_name": "Enter the child's last name",
        "gender": "Choose the child's gender, or “Not known”",
    }

    first_name = forms.CharField(max_length=100, help_text="For an unborn child, for example “Unborn”.")
    last_name = forms.CharField(max_length=100)
    other_names = forms.CharField(max_length=200, required=False)
    unborn = forms.BooleanField(
        label="Unborn (a pre-birth conference)", required=False, help_text="Give the expected date of birth."
    )
    date_of_birth = DateInputField(
        label="Date of birth",
        required=False,
        bounds=BIRTH,
        help_text="Leave blank for an unborn child. For example, 27 3 2016.",
    )
    expected_date = DateInputField(label="Expected date of birth", required=False, bounds=EXPECTED_BIRTH)
    gender = forms.ChoiceField(choices=Gender.choices, widget=forms.RadioSelect, initial=Gender.UNKNOWN)
    ethnicity = forms.CharField(max_length=100, required=False)
    religion = forms.CharField(max_length=100, required=False)
    first_language = forms.CharField(max_length=100, required=False)
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)
    disability = reason_field(
        label="Disability or special need", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    address = address_field(
        label="Address", required=False, help_text="Leave blank if the same as the family's."
    )
    # For the Children in Need census (its code lists; CENSUS-CHILD-ID).
    la_child_id = forms.CharField(
        label="LA child ID",
        max_length=20,
        required=False,
        help_text="The child's ID in the authority's case system: up to 20 letters and digits.",
    )
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    upn_unknown = forms.ChoiceField(
        label="If there is no UPN, why", choices=[("", "Not given"), *UPNUnknown.choices], required=False
    )
    sex = forms.ChoiceField(
        label="Sex (as the census records it)",
        choices=[("", "Not given"), *Sex.choices],
        required=False,
        help_text="An unborn child is recorded as “Not known”.",
    )
    ethnicity_code = forms.ChoiceField(
        label="Ethnicity (census category)", choices=[("", "Not given"), *Ethnicity.choices], required=False
    )
    disability_codes = forms.MultipleChoiceField(
        label="Disabilities (census categories)",
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick “No disability”, or every disability that applies.",
    )

    @classmethod
    def initial_for(cls, child: Child) -> dict:
        return {name: getattr(child, name) for name in CHILD_FIELDS}

    def details(self) -> ChildDetails:
        values = {name: self.cleaned_data[name] for name in CHILD_FIELDS}
        values["disability_codes"] = tuple(values["disability_codes"])
        return ChildDetails(**values)


class PersonForm(NamedRequiredForm):
    """A parent or carer, and their relationship to each child of the family."""

    required_messages = {
        "first_name": "Enter the parent or carer's first name",
        "last_name": "Enter the parent or carer's last name",
    }

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    other_names = forms.CharField(max_length=200, required=False, help_text="Other names they are known by.")
    date_of_birth = DateInputField(label="Date of birth", required=False, bounds=BIRTH)
    address = address_field(label="Address", required=False)
    phone = forms.CharField(label="Phone number", max_length=50, required=False)
    email = email_field(required=False)

    def __init__(self, *args, children: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.children = children
        kinds = [("", "Not related"), *list(RelationshipKind.choices)]
        for child in children:
            self.fields[f"kind_{child.pk}"] = forms.ChoiceField(
                label=f"Relationship to {child.full_name}", choices=kinds, required=False
            )
            self.fields[f"pr_{child.pk}"] = forms.BooleanField(
                label=f"Has parental responsibility for {child.full_name}", required=False
            )

    def child_fields(self):
        return [(child, self[f"kind_{child.pk}"], self[f"pr_{child.pk}"]) for child in self.children]

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        for relationship in person.relationships.all():
            initial[f"kind_{relationship.child_id}"] = relationship.kind
            initial[f"pr_{relationship.child_id}"] = relationship.parental_responsibility
        return initial

    def clean(self):
        cleaned = super().clean()
        for child in self.children:
            if cleaned.get(f"pr_{child.pk}") and not cleaned.get(f"kind_{child.pk}"):
                self.add_error(
                    f"kind_{child.pk}",
                    f"Choose their relationship to {child.full_name} (they have parental responsibility).",
                )
        return cleaned

    def details(self) -> PersonDetails:
        return PersonDetails(**{name: self.cleaned_data[name] for name in PERSON_FIELDS})

    def relationships(self) -> list[RelationshipDetails]:
        return [
            RelationshipDetails(
                child_id=child.pk,
                kind=self.cleaned_data[f"kind_{child.pk}"],
                parental_responsibility=self.cleaned_data[f"pr_{child.pk}"],
            )
            for child in self.children
            if self.cleaned_data.get(f"kind_{child.pk}")
        ]


class ChildrenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Child) -> str:
        return obj.full_name


class StrategyDiscussionForm(NamedRequiredForm):
    required_messages = {
        "attendees": "Enter who took part in the strategy discussion",
        "outcome": "Enter the outcome of the strategy discussion",
    }

    held_on = DateInputField(label="Date of the strategy discussion", bounds=RECORDED)
    children = ChildrenField(
        label="Children discussed", queryset=Child.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    attendees = reason_field(
        label="Attendees",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who took part, and for which agency.",
    )
    outcome = notes_field(label="Outcome", widget=forms.Textarea(attrs={"rows": 4}))
    section47_started = forms.BooleanField(
        label="Section 47 enquiries started",
        required=False,
        help_text="Starts the 15 working days within which the initial conference must be held (ICPC-15WD).",
    )
    icpc_not_required = forms.BooleanField(
        label="Enquiries concluded: no initial conference needed",
        required=False,
        help_text="For the census (ICPCnotRequired). Only with section 47 enquiries started.",
    )

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Child.objects.for_authority(family.authority_id).filter(
            family=family
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "attendees": data["attendees"],
            "outcome": data["outcome"],
            "section47_started": data["section47_started"],
            "icpc_not_required": data["icpc_not_required"],
            "child_ids": [c.pk for c in data["children"]],
        }


class CaseSearchForm(forms.Form):
    # A name, a reference or a date: anything longer than a name's column matches nothing.
    q = LimitedTextField(
        max_length=NAME_MAX_LENGTH,
        label="Search by name or date of birth",
        required=False,
        help_text="A child's or family's name, a case reference, or a date of birth like 27/03/2019.",
    )
    status = forms.ChoiceField(label="Initial conference due date", required=False)
    whose = forms.ChoiceField(label="Whose cases", required=False)

    def __init__(self, *args, **kwargs):
        from scheduling.engine import DeadlineStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any")] + [(s.value, s.label) for s in DeadlineStatus]
        self.fields["whose"].choices = Whose.CHOICES
