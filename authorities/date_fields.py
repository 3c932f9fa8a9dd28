"""Dates as people type them: the GOV.UK date input (day, month, year), bounded to a sensible range.

A browser's own date picker shows mm/dd/yyyy in some browsers and lets anyone type the year 20260,
so every form date in the product is a `DateInputField`. Its messages follow the GOV.UK pattern and
name the field ("Date of the strategy discussion must include a month"), and a date outside the
field's range is refused with the range in words. The widget still accepts one ISO value under the
field's own name (`?event=2026-12-18`), as links and scripts send it.

Ranges are relative to today where they should move with it: `years_before_today(30)`,
`years_after_today(2)`, `today_`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .human_dates import long_date

Bound = datetime.date | Callable[[], datetime.date] | None

PARTS = ("day", "month", "year")
EARLIEST_RECORDED = datetime.date(1990, 1, 1)  # nothing this product records happened before it


def today_() -> datetime.date:
    return timezone.localdate()


def years_after_today(years: int) -> Callable[[], datetime.date]:
    def bound() -> datetime.date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)

    return bound


def years_before_today(years: int) -> Callable[[], datetime.date]:
    return years_after_today(-years)


def _resolve(bound: Bound) -> datetime.date | None:
    return bound() if callable(bound) else bound


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self, attrs=None) -> None:
        part = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__({name: forms.TextInput(attrs=part) for name in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}_{part}" in data for part in PARTS) and data.get(name):
            # One ISO value under the field's own name: split it so it shows as typed if refused.
            try:
                return self.decompress(datetime.date.fromisoformat(str(data.get(name)).strip()))
            except ValueError:
                return [str(data.get(name)), "", ""]
        return [data.get(f"{name}_{part}", "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)


class DateInputField(forms.Field):
    """A date typed as day, month and year, between `earliest` and `latest` (dates or callables)."""

    widget = DateInputWidget

    def __init__(self, *, earliest: Bound = EARLIEST_RECORDED, latest: Bound = None, **kwargs) -> None:
        self.earliest = earliest
        self.latest = latest
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        super().__init__(**kwargs)

    @property
    def _name(self) -> str:
        label = str(self.label or "Date")
        return label[:1].upper() + label[1:]

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        if isinstance(value, str):
            value = DateInputWidget().value_from_datadict({"d": value}, None, "d")
        parts = [str(part or "").strip() for part in value]
        if not any(parts):
            return None
        missing = [name for name, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{self._name} must include a {' and a '.join(missing)}", code="incomplete")
        day, month, year = parts
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{self._name} must be a real date, for example 27 3 2026", code="invalid")
        if len(year) != 4:
            raise ValidationError(f"{self._name}: the year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._name} must be a real date", code="invalid") from None

    def validate(self, value) -> None:
        if value is None and self.required:
            raise ValidationError(f"Enter the {str(self.label or 'date').lower()}", code="required")
        if value is None:
            return
        earliest, latest = _resolve(self.earliest), _resolve(self.latest)
        if earliest and latest and not earliest <= value <= latest:
            raise ValidationError(
                f"{self._name} must be between {long_date(earliest)} and {long_date(latest)}",
                code="out_of_range",
            )
        if earliest and value < earliest:
            raise ValidationError(f"{self._name} must be on or after {long_date(earliest)}", code="too_early")
        if latest and value > latest:
            raise ValidationError(f"{self._name} must be on or before {long_date(latest)}", code="too_late")
