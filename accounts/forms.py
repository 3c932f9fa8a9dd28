from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from authorities.date_fields import PERIOD, DateInputField

from .models import User
from .two_factor import RECOVERY_PATTERN, TOTP_PATTERN, normalise_code


class JoinForm(forms.Form):
    """A new user's details, for the join page. Error messages name the field that is wrong."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={"required": "Enter your job title"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=50,
        required=False,
        help_text="For the chair or social worker to reach you about the conference.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Confirm your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = "At least 10 characters. Avoid your name and common passwords."

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            # The validators compare the password with the person's own details (name, e-mail).
            person = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AccessEventFilterForm(forms.Form):
    """The read audit's filters (all optional). Bad input is an error on the field it was typed
    in, and the page shows nothing until it is put right."""

    person = forms.TypedChoiceField(
        label="Person",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    child = forms.IntegerField(
        label="Child number",
        required=False,
        min_value=1,
        # GOV.UK asks for a text input with a numeric keypad, not type="number".
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="As in the address of the child's record (…/cases/children/1234/edit/). Finds their "
        "own records and the case they belong to.",
        error_messages={
            "invalid": "Enter the child's number, like 1234",
            "min_value": "Enter the child's number, like 1234",
        },
    )
    case = forms.IntegerField(
        label="Case number",
        required=False,
        min_value=1,
        # GOV.UK asks for a text input with a numeric keypad, not type="number".
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="As in the address of the case (…/cases/1234/).",
        error_messages={
            "invalid": "Enter the case number, like 1234",
            "min_value": "Enter the case number, like 1234",
        },
    )
    action = forms.ChoiceField(label="What they did", required=False)
    date_from = DateInputField(label="From", required=False, bounds=PERIOD)
    date_to = DateInputField(label="To", required=False, bounds=PERIOD)

    def __init__(self, *args, people=(), **kwargs) -> None:
        from .models import AccessAction

        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *people]
        self.fields["action"].choices = [("", "Anything"), *AccessAction.choices]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The last date must be the same as or after the first date")
        return cleaned


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or, on the verify page, a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code", "max_length": "Code: that is too long to be a code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, recovery_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if recovery_allowed:
            self.fields[
                "code"
            ].help_text = "The 6-digit code from your authenticator app, or one of your recovery codes."
        else:
            self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if TOTP_PATTERN.fullmatch(code) or (self.recovery_allowed and RECOVERY_PATTERN.fullmatch(code)):
            return code
        if self.recovery_allowed:
            raise forms.ValidationError(
                "Code: enter the 6 digits from your app, or a recovery code of 8 letters and numbers"
            )
        raise forms.ValidationError("Code: enter the 6 digits your authenticator app shows")
