"""Writes for cases: families, children, parents and carers, strategy discussions.

Keyword-only arguments, one transaction each, reads scoped to the caller's authority, history
kept (who and why) on every save. The caller checks the role (CASE_WRITERS); these functions
still refuse anything that belongs to another authority, naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.human_dates import long_date
from authorities.models import Membership, Role, RuleSet
from authorities.rules.ids import RuleId
from scheduling.services import cancel_deadline, open_deadline

from .census_rules import check_child_identifiers, clean_disability_codes
from .models import Child, Family, Person, Relationship, RelationshipKind, StrategyDiscussion

ICPC_RULE = RuleId.ICPC_15WD


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


# --- families ----------------------------------------------------------------------------------


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


# --- children ----------------------------------------------------------------------------------


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


# --- parents and carers ------------------------------------------------------------------------


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


# --- strategy discussions ----------------------------------------------------------------------


def _validate_discussion(
    by: Membership, family: Family, held_on: date, child_ids: Iterable[int]
) -> list[Child]:
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "A strategy discussion cannot be recorded for a date in the future."
    elif not RuleSet.objects.for_authority(by.authority).in_force_on(held_on).exists():
        # ICPC-15WD is counted by the rules in force on the day: none, none to count by.
        errors["held_on"] = f"{by.authority.name} has no rule set in force on {long_date(held_on)}."
    ids = set(child_ids)
    children = list(Child.objects.for_authority(by.authority).filter(family=family, pk__in=ids))
    if not ids:
        errors["children"] = "Choose at least one child the discussion was about."
    elif len(children) != len(ids):
        errors["children"] = "Choose children of this family only."
    if errors:
        raise ValidationError(errors)
    return children


def _sync_icpc_deadline(by: Membership, discussion: StrategyDiscussion) -> None:
    """ICPC-15WD runs from the discussion at which section 47 enquiries started."""
    if not discussion.section47_started:
        cancel_deadline(authority=by.authority, rule_id=ICPC_RULE, subject=discussion)
        return
    family = discussion.family
    open_deadline(
        authority=by.authority,
        rule_id=ICPC_RULE,
        subject=discussion,
        event_on=discussion.held_on,
        label=f"Initial conference for {family_label(family)}",
        family_id=family.pk,
        responsible=family.social_worker or by,
    )


@transaction.atomic
def record_strategy_discussion(
    *,
    by: Membership,
    family_id: int,
    held_on: date,
    attendees: str,
    outcome: str,
    section47_started: bool,
    child_ids: Iterable[int],
    icpc_not_required: bool = False,
) -> StrategyDiscussion:
    family = Family.objects.for_authority(by.authority).select_related("social_worker").get(pk=family_id)
    children = _validate_discussion(by, family, held_on, child_ids)
    discussion = StrategyDiscussion(
        authority=by.authority,
        family=family,
        held_on=held_on,
        attendees=attendees,
        outcome=outcome,
        section47_started=section47_started,
        icpc_not_required=section47_started and icpc_not_required,
        recorded_by=by,
    )
    stamp(discussion, by=by, reason="strategy discussion recorded")
    discussion.save()
    discussion.children.set(children)
    _sync_icpc_deadline(by, discussion)
    return discussion


@transaction.atomic
def update_strategy_discussion(
    *,
    by: Membership,
    discussion_id: int,
    held_on: date,
    attendees: str,
    outcome: str,
    section47_started: bool,
    child_ids: Iterable[int],
    icpc_not_required: bool = False,
) -> StrategyDiscussion:
    discussion = (
        StrategyDiscussion.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("family__social_worker")
        .get(pk=discussion_id)
    )
    children = _validate_discussion(by, discussion.family, held_on, child_ids)
    held = discussion.conferences.exclude(status="cancelled").filter(starts_at__date__lt=held_on)
    if held.exists():
        raise ValidationError(
            {"held_on": "A conference for this discussion is already before that date; move it first."}
        )
    discussion.held_on, discussion.attendees, discussion.outcome = held_on, attendees, outcome
    discussion.section47_started = section47_started
    discussion.icpc_not_required = section47_started and icpc_not_required
    stamp(discussion, by=by, reason="strategy discussion changed")
    discussion.save()
    discussion.children.set(children)
    # Moving the discussion moves the ICPC due date (open_deadline recomputes it).
    _sync_icpc_deadline(by, discussion)
    return discussion
