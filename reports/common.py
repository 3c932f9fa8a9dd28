"""What every report service shares: loading an invitation's report in the caller's authority,
and refusals."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import Max

from authorities.access import CASE_WRITERS
from authorities.human_dates import long_date
from authorities.models import Membership, Role
from authorities.rules.checks import RuleAnswer, RuleViolation
from conferences.models import Invitation

from . import sections as spec
from .models import AgencyReport
from .selectors import (
    REPORTING_KINDS,
)

logger = logging.getLogger(__name__)


PARENT_VIEWS_ROLES = CASE_WRITERS | {Role.BUSINESS_SUPPORT}


PARENT_VIEWS_ROLES = CASE_WRITERS | {Role.BUSINESS_SUPPORT}
DEFAULT_REMINDER_WORKING_DAYS = (5, 2)


class IncompleteReport(RuleViolation):
    """Submission refused (or waiting for a reason) because sections are missing; names each one."""

    def __init__(self, answer: RuleAnswer, missing: list[spec.Missing] | list[spec.Unmarked]) -> None:
        super().__init__(answer, field=missing[0].field if missing else None)
        self.missing = missing


def _own_invitation(*, by: Membership, invitation_id: int, lock: bool = False) -> Invitation:
    queryset = Invitation.objects.for_authority(by.authority).select_related("conference", "agency")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.get(pk=invitation_id)
    if invitation.membership_id != by.pk:
        raise PermissionDenied("Only the invited person can write this report.")
    if invitation.kind not in REPORTING_KINDS:
        raise PermissionDenied("This invitation does not send a report.")
    return invitation


def _next_version(invitation: Invitation) -> int:
    top = (
        AgencyReport.objects.for_authority(invitation.authority_id)
        .filter(invitation=invitation)
        .aggregate(top=Max("version"))["top"]
    )
    return (top or 0) + 1


def prefill_content(invitation: Invitation, by: Membership) -> dict:
    """A new report starts from what the case already knows: the author, the conference date,
    and the children and adults on the case (editable where the agency knows better)."""
    from cases.models import Person, Relationship

    conference = invitation.conference
    user = by.user
    children = [
        {
            "child_id": child.pk,
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": long_date(child.date_of_birth) if child.date_of_birth else "",
            "ethnicity": child.ethnicity,
            "disability": child.disability,
        }
        for child in conference.children.all().order_by("last_name", "first_name")
    ]
    relationships: dict[int, list[Relationship]] = {}
    for rel in (
        Relationship.objects.for_authority(conference.authority_id)
        .filter(child__in=conference.children.all())
        .select_related("child")
    ):
        relationships.setdefault(rel.person_id, []).append(rel)
    adults = []
    for person in Person.objects.for_authority(conference.authority_id).filter(family=conference.family_id):
        rels = relationships.get(person.pk, [])
        pr = [r.parental_responsibility for r in rels]
        adults.append(
            {
                "person_id": person.pk,
                "name": f"{person.first_name} {person.last_name}",
                "other_names": person.other_names,
                "date_of_birth": long_date(person.date_of_birth) if person.date_of_birth else "",
                "relationship": "; ".join(f"{r.get_kind_display()} of {r.child.first_name}" for r in rels),
                "address": person.address,
                "parental_responsibility": ("yes" if any(pr) else "no") if pr else "",
            }
        )
    contact = ", ".join(part for part in (user.phone, user.email) if part)
    return {
        "organisation": invitation.agency.name if invitation.agency_id else "",
        "practitioner_name": user.display_name,
        "designation": user.job_title or invitation.role_label,
        "business_address": "",
        "contact_details": contact,
        "conference_date": conference.day.isoformat(),
        "children": children,
        "parents_carers": adults,
    }
