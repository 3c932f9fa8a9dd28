"""A date and a time typed as people write them: the GOV.UK date input (day, month, year) and one
time box ("14:30", "2pm"), in one fieldset, for meetings booked at a time.

The browser's `datetime-local` picker shows mm/dd/yyyy in some browsers and lets anyone type the
year 20260. The widget still accepts one ISO value under the field's own name
(`?at=2026-12-18T10:00`), as links and scripts send it.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .date_fields import PARTS, DateInputField

TIME_PART = "time"
TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """14:30, 14.30, 9:05, 2pm, 2:30 pm; None for anything else."""
    match = TIME_PATTERN.match(text.strip().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        return None  # "14" alone is more likely a slip than a time
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class DateTimeInputWidget(forms.MultiWidget):
    """Four text boxes named `<name>_day`, `<name>_month`, `<name>_year` and `<name>_time`."""

    def __init__(self, attrs=None) -> None:
        part = {"inputmode": "numeric", "autocomplete": "off"}
        boxes = {name: forms.TextInput(attrs=part) for name in PARTS}
        boxes[TIME_PART] = forms.TextInput(attrs={"autocomplete": "off"})
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, str) and value:
            try:  # an initial value given as ISO text ("2026-12-18T10:00")
                value = datetime.datetime.fromisoformat(value)
            except ValueError:
                return [value, "", "", ""]
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [str(local.day), str(local.month), str(local.year), f"{local:%H:%M}"]
        return [None, None, None, None]

    def value_from_datadict(self, data, files, name):
        names = [*PARTS, TIME_PART]
        if not any(f"{name}_{part}" in data for part in names) and data.get(name):
            # One ISO value under the field's own name: split it so it shows as typed if refused.
            try:
                return self.decompress(datetime.datetime.fromisoformat(str(data.get(name)).strip()))
            except ValueError:
                return [str(data.get(name)), "", "", ""]
        return [data.get(f"{name}_{part}", "") for part in names]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in [*PARTS, TIME_PART])


class DateTimeInputField(DateInputField):
    """A local date and time (made aware in the current time zone), the date bounded like a
    `DateInputField`."""

    widget = DateTimeInputWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "For example, 27 3 2026 and 14:30")
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime.datetime | None:
        if isinstance(value, datetime.datetime):
            return value
        if not value:
            return None
        if isinstance(value, str):
            value = DateTimeInputWidget().value_from_datadict({"d": value}, None, "d")
        *date_parts, time_text = [str(part or "").strip() for part in value]
        if not any(date_parts) and not time_text:
            return None
        day = super().to_python(date_parts) if any(date_parts) else None
        if day is None:
            raise ValidationError(f"{self._name} must include a day, a month and a year", code="incomplete")
        if not time_text:
            raise ValidationError(f"{self._name} must include a time, for example 14:30", code="no_time")
        at = parse_time(time_text)
        if at is None:
            raise ValidationError(
                f"{self._name}: the time must be a real time, for example 14:30", code="bad_time"
            )
        return timezone.make_aware(datetime.datetime.combine(day, at))
