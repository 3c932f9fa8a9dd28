"""Writes for families (the case): created and changed with their reference, social worker and referral."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Membership, Role

from .models import Family


def _social_worker(by: Membership, social_worker_id: int | None) -> Membership | None:
    if social_worker_id is None:
        return by if by.role == Role.SOCIAL_WORKER else None
    social_worker = (
        Membership.objects.for_authority(by.authority)
        .filter(pk=social_worker_id, role=Role.SOCIAL_WORKER, is_active=True)
        .first()
    )
    if social_worker is None:
        raise ValidationError({"social_worker": "Choose a social worker of this authority."})
    return social_worker


def family_label(family: Family) -> str:
    name = family.name.strip()
    return f"the {name}" if name.lower().endswith("family") else name


@transaction.atomic
def create_family(
    *,
    by: Membership,
    name: str,
    reference: str = "",
    address: str = "",
    social_worker_id: int | None = None,
    referral_on: date | None = None,
    referral_source: str = "",
    primary_need: str = "",
) -> Family:
    _check_reference_free(by, reference, family_id=None)
    _check_referral(referral_on)
    family = Family(
        authority=by.authority,
        name=name.strip(),
        reference=reference.strip(),
        address=address,
        social_worker=_social_worker(by, social_worker_id),
        referral_on=referral_on,
        referral_source=referral_source,
        primary_need=primary_need,
    )
    stamp(family, by=by, reason="family created")
    family.save()
    return family


@transaction.atomic
def update_family(
    *,
    by: Membership,
    family_id: int,
    name: str,
    reference: str = "",
    address: str = "",
    social_worker_id: int | None = None,
    referral_on: date | None = None,
    referral_source: str = "",
    primary_need: str = "",
) -> Family:
    family = Family.objects.for_authority(by.authority).select_for_update().get(pk=family_id)
    _check_reference_free(by, reference, family_id=family.pk)
    _check_referral(referral_on)
    family.name, family.reference, family.address = name.strip(), reference.strip(), address
    family.referral_on, family.referral_source = referral_on, referral_source
    family.primary_need = primary_need
    if social_worker_id is not None:
        family.social_worker = _social_worker(by, social_worker_id)
    stamp(family, by=by, reason="family details changed")
    family.save()
    return family


def _check_referral(referral_on: date | None) -> None:
    if referral_on is not None and referral_on > timezone.localdate():
        raise ValidationError({"referral_on": "The referral date cannot be in the future."})


def _check_reference_free(by: Membership, reference: str, *, family_id: int | None) -> None:
    reference = reference.strip()
    if not reference:
        return
    taken = Family.objects.for_authority(by.authority).filter(reference=reference)
    if family_id is not None:
        taken = taken.exclude(pk=family_id)
    if taken.exists():
        raise ValidationError({"reference": f"Another case already has the reference {reference}."})
