"""Writes for children: their details, checked against the census entry rules (CENSUS-CHILD-ID)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Membership

from .census_rules import check_child_identifiers, clean_disability_codes
from .models import Child, Family


@dataclass(frozen=True)
class ChildDetails:
    first_name: str
    last_name: str
    unborn: bool = False
    date_of_birth: date | None = None
    expected_date: date | None = None
    other_names: str = ""
    gender: str = "unknown"
    ethnicity: str = ""
    religion: str = ""
    first_language: str = ""
    interpreter_needed: bool = False
    disability: str = ""
    address: str = ""
    la_child_id: str = ""
    upn: str = ""
    upn_unknown: str = ""
    sex: str = ""
    ethnicity_code: str = ""
    disability_codes: tuple[str, ...] = ()


CHILD_FIELDS = tuple(ChildDetails.__dataclass_fields__)


def _validate_child(details: ChildDetails, today: date) -> None:
    errors: dict[str, str] = {}
    if details.unborn:
        if details.expected_date is None:
            errors["expected_date"] = "Enter the expected date of birth for an unborn child."
        if details.date_of_birth is not None:
            errors["date_of_birth"] = "An unborn child has no date of birth yet: leave it blank."
    else:
        if details.date_of_birth is None:
            errors["date_of_birth"] = "Enter the child's date of birth (or mark the child as unborn)."
        elif details.date_of_birth > today:
            errors["date_of_birth"] = (
                "The date of birth cannot be in the future; for a child not yet born, tick "
                "“Unborn” and give the expected date."
            )
    if errors:
        raise ValidationError(errors)


def _census_values(by: Membership, child_id: int | None, details: ChildDetails) -> dict:
    """The details as stored, after the census entry rules (CENSUS-CHILD-ID)."""
    values = dict(details.__dict__)
    values["la_child_id"] = details.la_child_id.strip()
    values["upn"] = details.upn.strip().upper()
    values["disability_codes"] = clean_disability_codes(list(details.disability_codes))
    if details.unborn and not details.sex:
        values["sex"] = "U"  # the census's only answer for an unborn child
    check_child_identifiers(
        authority=by.authority,
        child_id=child_id,
        la_child_id=values["la_child_id"],
        upn=values["upn"],
        upn_unknown=details.upn_unknown,
        unborn=details.unborn,
        sex=values["sex"],
    )
    return values


@transaction.atomic
def add_child(*, by: Membership, family_id: int, details: ChildDetails) -> Child:
    family = Family.objects.for_authority(by.authority).get(pk=family_id)
    _validate_child(details, timezone.localdate())
    values = _census_values(by, None, details)
    child = Child(authority=by.authority, family=family, **values)
    stamp(child, by=by, reason="child added")
    child.save()
    return child


@transaction.atomic
def update_child(*, by: Membership, child_id: int, details: ChildDetails) -> Child:
    child = Child.objects.for_authority(by.authority).select_for_update().get(pk=child_id)
    _validate_child(details, timezone.localdate())
    for name, value in _census_values(by, child.pk, details).items():
        setattr(child, name, value)
    if details.unborn:
        child.date_of_birth = None
    stamp(child, by=by, reason="child details changed")
    child.save()
    return child
