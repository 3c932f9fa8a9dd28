"""Writes for parents and carers: their details and their relationship to each child of the family."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Membership

from .models import Child, Family, Person, Relationship, RelationshipKind


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    other_names: str = ""
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


PERSON_FIELDS = tuple(PersonDetails.__dataclass_fields__)


@dataclass(frozen=True)
class RelationshipDetails:
    child_id: int
    kind: str
    parental_responsibility: bool = False


def _validate_person(details: PersonDetails, today: date) -> None:
    if details.date_of_birth is not None and details.date_of_birth > today:
        raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})


@transaction.atomic
def add_person(
    *,
    by: Membership,
    family_id: int,
    details: PersonDetails,
    relationships: Iterable[RelationshipDetails] = (),
) -> Person:
    family = Family.objects.for_authority(by.authority).get(pk=family_id)
    _validate_person(details, timezone.localdate())
    person = Person(authority=by.authority, family=family, **details.__dict__)
    stamp(person, by=by, reason="parent or carer added")
    person.save()
    set_relationships(by=by, person=person, relationships=relationships)
    return person


@transaction.atomic
def update_person(
    *,
    by: Membership,
    person_id: int,
    details: PersonDetails,
    relationships: Iterable[RelationshipDetails] | None = None,
) -> Person:
    person = Person.objects.for_authority(by.authority).select_for_update().get(pk=person_id)
    _validate_person(details, timezone.localdate())
    for name, value in details.__dict__.items():
        setattr(person, name, value)
    stamp(person, by=by, reason="parent or carer details changed")
    person.save()
    if relationships is not None:
        set_relationships(by=by, person=person, relationships=relationships)
    return person


def set_relationships(
    *, by: Membership, person: Person, relationships: Iterable[RelationshipDetails]
) -> None:
    """Make the person's relationships exactly these (one per child of their family)."""
    wanted = {r.child_id: r for r in relationships}
    children = {
        c.pk: c
        for c in Child.objects.for_authority(by.authority).filter(family=person.family_id, pk__in=wanted)
    }
    unknown = set(wanted) - set(children)
    if unknown:
        raise ValidationError({"relationships": "Choose children of this family only."})
    for detail in wanted.values():
        if detail.kind not in RelationshipKind.values:
            raise ValidationError({"relationships": f"Unknown relationship {detail.kind!r}."})
    existing = {r.child_id: r for r in Relationship.objects.for_authority(by.authority).filter(person=person)}
    for child_id, relationship in existing.items():
        if child_id not in wanted:
            stamp(relationship, by=by, reason="relationship removed")
            relationship.delete()
    for child_id, detail in wanted.items():
        relationship = existing.get(child_id) or Relationship(
            authority=by.authority, person=person, child=children[child_id]
        )
        if relationship.pk and (relationship.kind, relationship.parental_responsibility) == (
            detail.kind,
            detail.parental_responsibility,
        ):
            continue
        relationship.kind, relationship.parental_responsibility = detail.kind, detail.parental_responsibility
        stamp(relationship, by=by, reason="relationship recorded")
        relationship.save()
