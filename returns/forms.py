"""The returns page's two forms: the census's collection year, and the Annex A list and period."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from authorities.date_fields import PERIOD, DateInputField

from .annex_a import LISTS
from .periods import CollectionYear, Period


class CensusForm(forms.Form):
    year = forms.CharField(
        label="Collection year",
        max_length=7,
        help_text="1 April to 31 March, for example 2025-26 (reference date 31 March 2026).",
        error_messages={"required": "Enter the collection year, for example 2025-26"},
    )

    def clean_year(self) -> CollectionYear:
        try:
            return CollectionYear.parse(self.cleaned_data["year"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    @staticmethod
    def last_year() -> str:
        return CollectionYear(CollectionYear.containing(timezone.localdate()).first_year - 1).label


class AnnexAForm(forms.Form):
    FORMATS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))

    list = forms.ChoiceField(
        label="List", choices=[(n, title) for n, (title, _) in LISTS.items()], widget=forms.RadioSelect
    )
    start = DateInputField(label="From", bounds=PERIOD, error_messages={"required": "Enter the first day"})
    end = DateInputField(label="To", bounds=PERIOD, error_messages={"required": "Enter the last day"})
    format = forms.ChoiceField(label="Format", choices=FORMATS, widget=forms.RadioSelect, initial="xlsx")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                cleaned["period"] = Period(start, end)
            except ValueError as error:
                self.add_error("end", str(error))
        return cleaned
