"""Escalations people raise and work on (ESCALATION): raise with a reason, acknowledge, comment,
move up a rung, resolve. Every step is an EscalationEvent and a historical row naming who did it.

The ladder (levels, labels, roles, working days per rung) is the authority's rule-set data; the
sweep (`scheduling.sweep`) raises deadline escalations and moves up the ones left unresolved.
Steps that change status are compare-and-set (`filter(status__in=...).update(...)`), so a person
and the sweep acting on the same escalation at once cannot both move it up."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from authorities.models import Membership, Mode, Role
from authorities.rules.checks import Outcome, RuleAnswer, RuleViolation
from authorities.rules.ids import RuleId
from authorities.selectors import rule_set_in_force

from .calendars import calendar_for
from .families import family_model
from .models import Escalation, EscalationEvent, EscalationKind, EscalationStatus
from .sweep import UNRESOLVED, Rung, ladder_of, next_rung, notify_escalation, queue_emails

# Concerns a person raises by hand (RULES.md ESCALATION); deadline escalations come from the sweep.
HAND_KINDS = (
    EscalationKind.PLAN_NOT_PROGRESSING,
    EscalationKind.POOR_ATTENDANCE,
    EscalationKind.SCORE_ALL_ZERO,
    EscalationKind.OTHER,
)
# Who may work on an escalation besides the holders of its rung's roles.
ESCALATION_LEADS = frozenset({Role.CHAIR, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE})


def _refuse(message: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(RuleAnswer(Outcome.REFUSED, RuleId.ESCALATION, message), field=field)


def may_act_on(membership: Membership, escalation: Escalation) -> bool:
    """Holders of the rung's roles, and the chair and managers, acknowledge, move up and resolve."""
    return membership.role in ESCALATION_LEADS or membership.role in (escalation.roles or [])


def _record(escalation: Escalation, *, by: Membership | None, action: str, note: str = "") -> EscalationEvent:
    return EscalationEvent.objects.create(
        authority_id=escalation.authority_id, escalation=escalation, action=action, by=by, note=note
    )


def _ladder(authority_id: int, today: date) -> list[Rung]:
    rule_set = rule_set_in_force(authority_id, on=today)
    if rule_set.mode(RuleId.ESCALATION) == Mode.OFF:
        raise _refuse("escalation is switched off in this authority's rule set")
    ladder = ladder_of(rule_set)
    if not ladder:
        raise _refuse("this authority's rule set has no escalation ladder")
    return ladder


def _notify(escalation: Escalation) -> None:
    ids = notify_escalation(escalation.pk, slug=escalation.authority.slug)
    queue_emails(escalation.authority_id, ids)


@transaction.atomic
def raise_escalation(
    *,
    by: Membership,
    kind: str,
    reason: str,
    family_id: int | None = None,
    today: date | None = None,
) -> Escalation:
    """Raise a concern at the first rung of the authority's ladder (a plan not progressing, poor
    core group attendance, SCORE-ALL-ZERO…), informing the rung's role holders."""
    if kind not in HAND_KINDS:
        raise _refuse(f"kind: {kind!r} cannot be raised by hand", field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("say why you are raising this escalation", field="reason")
    today = today or timezone.localdate()
    rung = _ladder(by.authority_id, today)[0]
    if (
        family_id is not None
        and not family_model().objects.for_authority(by.authority_id).filter(pk=family_id).exists()
    ):
        raise _refuse("family: no such family in this authority", field="family")
    escalation = Escalation(
        authority_id=by.authority_id,
        kind=kind,
        family_id=family_id,
        level=rung.level,
        level_label=rung.label,
        roles=list(rung.roles),
        reason=reason,
        raised_by=by,
        respond_by=calendar_for(by.authority_id).add_working_days(today, rung.working_days),
    )
    escalation._history_user = by.user
    escalation._change_reason = "raised by hand"
    escalation.save()
    _record(escalation, by=by, action=EscalationEvent.Action.RAISED, note=reason)
    _notify(escalation)
    return escalation


def _get(by: Membership, escalation_id: int) -> Escalation:
    return Escalation.objects.for_authority(by.authority_id).select_related("authority").get(pk=escalation_id)


def _compare_and_set(
    by: Membership, escalation_id: int, *, from_statuses, to_status: str, **changes
) -> Escalation:
    """Flip the status only if it is still one of `from_statuses`; else someone got there first."""
    escalation = _get(by, escalation_id)
    if not may_act_on(by, escalation):
        raise PermissionError("Your role may not act on this escalation.")
    flipped = (
        Escalation.objects.for_authority(by.authority_id)
        .filter(pk=escalation_id, status__in=from_statuses)
        .update(status=to_status, **changes)
    )
    if not flipped:
        raise _refuse(f"this escalation is already {escalation.get_status_display().lower()}", field="status")
    escalation.refresh_from_db()
    return escalation


def _save_history(escalation: Escalation, by: Membership, reason: str) -> None:
    # update() skips simple-history; write the row for this step, naming who did it.
    escalation.history.model.objects.create(
        **{f.attname: getattr(escalation, f.attname) for f in Escalation._meta.concrete_fields},
        history_date=timezone.now(),
        history_type="~",
        history_user=by.user,
        history_change_reason=reason[:100],
    )


@transaction.atomic
def acknowledge_escalation(*, escalation_id: int, by: Membership, note: str = "") -> Escalation:
    escalation = _compare_and_set(
        by, escalation_id, from_statuses=[EscalationStatus.OPEN], to_status=EscalationStatus.ACKNOWLEDGED
    )
    _save_history(escalation, by, "acknowledged")
    _record(escalation, by=by, action=EscalationEvent.Action.ACKNOWLEDGED, note=note.strip())
    return escalation


@transaction.atomic
def comment_on_escalation(*, escalation_id: int, by: Membership, note: str) -> EscalationEvent:
    note = (note or "").strip()
    if not note:
        raise _refuse("write a comment", field="note")
    escalation = _get(by, escalation_id)
    return _record(escalation, by=by, action=EscalationEvent.Action.COMMENTED, note=note)


@transaction.atomic
def resolve_escalation(*, escalation_id: int, by: Membership, resolution: str) -> Escalation:
    resolution = (resolution or "").strip()
    if not resolution:
        raise _refuse("say how it was resolved", field="resolution")
    escalation = _compare_and_set(
        by,
        escalation_id,
        from_statuses=UNRESOLVED,
        to_status=EscalationStatus.RESOLVED,
        resolved_at=timezone.now(),
        resolution=resolution,
    )
    _save_history(escalation, by, "resolved")
    _record(escalation, by=by, action=EscalationEvent.Action.RESOLVED, note=resolution)
    return escalation


@transaction.atomic
def move_up_escalation(
    *, escalation_id: int, by: Membership, reason: str, today: date | None = None
) -> Escalation:
    """No satisfactory resolution at this rung: open the next one (and tell its role holders).
    Returns the new, higher escalation."""
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("say why it needs to go up a level", field="reason")
    today = today or timezone.localdate()
    current = _get(by, escalation_id)
    rung = next_rung(_ladder(by.authority_id, today), current.level)
    if rung is None:
        raise _refuse(f"level {current.level} is the top of this authority's ladder", field="reason")
    previous = _compare_and_set(
        by, escalation_id, from_statuses=UNRESOLVED, to_status=EscalationStatus.MOVED_UP
    )
    _save_history(previous, by, "moved up")
    _record(previous, by=by, action=EscalationEvent.Action.MOVED_UP, note=reason)
    escalation = Escalation(
        authority_id=previous.authority_id,
        kind=previous.kind,
        deadline_id=previous.deadline_id,
        family_id=previous.family_id,
        previous=previous,
        level=rung.level,
        level_label=rung.label,
        roles=list(rung.roles),
        reason=previous.reason,
        raised_by=by,
        respond_by=calendar_for(by.authority_id).add_working_days(today, rung.working_days),
    )
    escalation._history_user = by.user
    escalation._change_reason = "moved up by hand"
    escalation.save()
    _record(escalation, by=by, action=EscalationEvent.Action.RAISED, note=reason)
    _notify(escalation)
    return escalation
