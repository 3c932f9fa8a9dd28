"""Requests to the chair before the day (PROF-SLOT, OBSERVER)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Membership, RuleSet
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from conferences.models import (
    Conference,
    ObserverRequest,
    ProfessionalSlotRequest,
    RequestDecision,
)

from .invitations import _invitable


def _before_the_day(
    rule_set: RuleSet, rule_id: str, conference: Conference, today: date, late_reason: str
) -> str:
    """A request must reach the chair before the conference day: refused where required, a
    recorded reason where advised."""
    answer = check_rule(
        rule_set,
        rule_id,
        satisfied=today < conference.day,
        message="requests must be made before the day of the conference",
    )
    enforce(answer, reason=late_reason, field="late_reason" if answer.advised else None)
    return late_reason.strip() if not answer.ok else ""


@transaction.atomic
def request_professional_slot(
    *, by: Membership, conference_id: int, reason: str, late_reason: str = "", today: date | None = None
) -> ProfessionalSlotRequest:
    conference = _invitable(by, conference_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why a professional slot is needed."})
    rule_set = conference.rule_set_in_force()
    late = _before_the_day(rule_set, RuleId.PROF_SLOT, conference, today or timezone.localdate(), late_reason)
    slot = ProfessionalSlotRequest(
        authority=by.authority,
        conference=conference,
        requested_by=by,
        reason=reason.strip(),
        late_reason=late,
    )
    stamp(slot, by=by, reason="professional slot requested")
    slot.save()
    return slot


@transaction.atomic
def request_observer(
    *,
    by: Membership,
    conference_id: int,
    observer_name: str,
    observer_role: str,
    reason: str,
    late_reason: str = "",
    today: date | None = None,
) -> ObserverRequest:
    conference = _invitable(by, conference_id)
    errors = {}
    for field, value in (
        ("observer_name", observer_name),
        ("observer_role", observer_role),
        ("reason", reason),
    ):
        if not value.strip():
            errors[field] = "This cannot be blank."
    if errors:
        raise ValidationError(errors)
    rule_set = conference.rule_set_in_force()
    late = _before_the_day(rule_set, RuleId.OBSERVER, conference, today or timezone.localdate(), late_reason)
    observer = ObserverRequest(
        authority=by.authority,
        conference=conference,
        requested_by=by,
        observer_name=observer_name.strip(),
        observer_role=observer_role.strip(),
        reason=reason.strip(),
        late_reason=late,
    )
    stamp(observer, by=by, reason="observer requested")
    observer.save()
    return observer


def _decide(request_obj, by: Membership, approve: bool, reason: str, now: datetime | None):
    if not reason.strip():
        raise ValidationError({"decision_reason": "Give the reason for the decision."})
    request_obj.decision = RequestDecision.APPROVED if approve else RequestDecision.DECLINED
    request_obj.decided_by, request_obj.decided_at = by, now or timezone.now()
    request_obj.decision_reason = reason.strip()
    stamp(request_obj, by=by, reason=f"chair {request_obj.get_decision_display().lower()}")
    request_obj.save()
    return request_obj


@transaction.atomic
def decide_professional_slot(
    *, by: Membership, request_id: int, approve: bool, reason: str, now: datetime | None = None
) -> ProfessionalSlotRequest:
    slot = ProfessionalSlotRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    return _decide(slot, by, approve, reason, now)


@transaction.atomic
def decide_observer(
    *, by: Membership, request_id: int, approve: bool, reason: str, now: datetime | None = None
) -> ObserverRequest:
    observer = ObserverRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    return _decide(observer, by, approve, reason, now)


@transaction.atomic
def record_family_agreement(
    *, by: Membership, request_id: int, agreed: bool, now: datetime | None = None
) -> ObserverRequest:
    """OBSERVER: the chair asks the family; an observer they did not agree to is refused entry."""
    observer = ObserverRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    observer.family_agreed = agreed
    observer.family_agreement_recorded_at = now or timezone.now()
    stamp(
        observer,
        by=by,
        reason="family agreed to the observer" if agreed else "family did not agree to the observer",
    )
    observer.save()
    return observer
