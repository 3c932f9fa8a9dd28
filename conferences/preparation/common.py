"""What every preparation service shares: loading the conference in the caller's authority, and refusals."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from authorities.access import CASE_WRITERS
from authorities.models import Membership, Role
from authorities.rules.checks import Outcome, RuleAnswer, RuleViolation
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    InviteeKind,
)

# Who is e-mailed a calendar invitation (family members and children are invited by letter or in person).
EMAILED_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE, InviteeKind.INTERPRETER)


EMAILED_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE, InviteeKind.INTERPRETER)
REAL_CONFERENCE_KINDS = (ConferenceKind.INITIAL, ConferenceKind.REVIEW)
# Who may ask the chair for a professional slot or an observer (PROF-SLOT, OBSERVER): the case's
# staff and the practitioners invited to it.
REQUESTERS = CASE_WRITERS | {Role.PRACTITIONER}


def _conference(by: Membership, conference_id: int, *, lock: bool = False) -> Conference:
    queryset = Conference.objects.for_authority(by.authority)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.select_related(
        "family", "strategy_discussion", "previous", "chair__user", "social_worker__user", "venue"
    ).get(pk=conference_id)


def _must_be_scheduled(conference: Conference) -> None:
    if conference.status != ConferenceStatus.SCHEDULED:
        raise ValidationError(
            f"This conference is {conference.get_status_display().lower()}; "
            "only a scheduled one can be changed."
        )


def _refuse(rule_id: str, message: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(RuleAnswer(Outcome.REFUSED, rule_id, message), field=field)
