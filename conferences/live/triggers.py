"""The scoring triggers (SCORE-ALL-ZERO, SCORE-MAJ-ABOVE-5): the chair's answer, and the
escalation SCORE-ALL-ZERO raises."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Role, RuleSet
from authorities.refusals import refusal
from authorities.rules.ids import RuleId
from cases.models import Child
from conferences.models import Conference, TriggerAction, TriggerResponse
from conferences.selectors import load_live
from scheduling.calendars import calendar_for
from scheduling.engine import Timescale, due_date
from scheduling.models import Escalation, EscalationEvent, EscalationKind, Notification
from scheduling.services import notify

from .common import _conference, _conference_child, _started

# What the chair may do when each trigger fires.
TRIGGER_ACTIONS = {
    RuleId.SCORE_ALL_ZERO: (TriggerAction.ESCALATED, TriggerAction.DECLINED),
    RuleId.SCORE_MAJ_ABOVE_5: (TriggerAction.DISCUSSED, TriggerAction.DECLINED),
}


def _rung_recipients(conference: Conference, roles: list[str]) -> list[Membership]:
    """Who answers at a ladder rung: the case's own team manager and chair where the rung names
    those roles, everyone holding any other role named."""
    recipients: dict[int, Membership] = {}
    for role in roles:
        if role == Role.TEAM_MANAGER and conference.social_worker.team_manager_id:
            manager = conference.social_worker.team_manager
            recipients[manager.pk] = manager
        elif role == Role.CHAIR:
            recipients[conference.chair_id] = conference.chair
        else:
            for membership in (
                Membership.objects.for_authority(conference.authority)
                .filter(role=role, is_active=True)
                .select_related("user")
            ):
                recipients[membership.pk] = membership
    return list(recipients.values())


def _raise_score_escalation(conference: Conference, rules: RuleSet, child: Child, note: str, by: Membership):
    ladder = rules.values(RuleId.ESCALATION).get("ladder") or []
    if not ladder:
        raise refusal(None, "This authority's rule set has no escalation ladder", rule_id="ESCALATION")
    rung = ladder[0]
    today = timezone.localdate()
    respond_by = due_date(
        Timescale(unit="working_days", amount=int(rung.get("working_days", 2))),
        today,
        calendar_for(conference.authority),
    )
    reason = note.strip() or f"Most professionals scored {child} at 0 at the conference (SCORE-ALL-ZERO)."
    escalation = Escalation(
        authority=conference.authority,
        kind=EscalationKind.SCORE_ALL_ZERO,
        family=conference.family,
        level=int(rung.get("level", 1)),
        level_label=rung.get("label", ""),
        roles=list(rung.get("roles", [])),
        reason=reason,
        raised_by=by,
        respond_by=respond_by,
    )
    save_with_history(escalation, by=by, reason="Escalation raised: most scores at zero (SCORE-ALL-ZERO)")
    EscalationEvent.objects.create(
        authority=conference.authority,
        escalation=escalation,
        action=EscalationEvent.Action.RAISED,
        by=by,
        note=reason,
    )
    _tell_rung(conference, escalation)
    return escalation


def _tell_rung(conference: Conference, escalation: Escalation) -> None:
    url = f"/{conference.authority.slug}/conferences/{conference.pk}/live/"
    respond_by = long_date(escalation.respond_by)
    for member in _rung_recipients(conference, escalation.roles):
        notify(
            authority=conference.authority,
            recipient=member.user,
            kind=Notification.Kind.ESCALATION,
            # The case reference and dates only: the child's name and the reason stay behind sign-in.
            subject=f"Escalation: scores at zero (SCORE-ALL-ZERO), case {conference.family.case_reference}",
            body=f"Respond by {respond_by}. The reason is on the conference's live page.",
            url=url,
            dedupe_key=f"escalation-{escalation.pk}",
        )


def _check_trigger_answer(rule_id: str, action: str, note: str) -> None:
    allowed = TRIGGER_ACTIONS[rule_id]
    if action not in allowed:
        raise refusal("action", "Choose " + " or ".join(a.label.lower() for a in allowed), rule_id=rule_id)
    if action != TriggerAction.ESCALATED and not note.strip():
        what = "why not" if action == TriggerAction.DECLINED else "what the discussion concluded"
        raise refusal("note", f"Record {what}", rule_id=rule_id)


@transaction.atomic
def respond_to_trigger(
    *, conference_id: int, child_id: int, rule_id: str, action: str, by: Membership, note: str = ""
) -> TriggerResponse:
    """When SCORE-ALL-ZERO fires the chair escalates to the social work management team in one
    step; when SCORE-MAJ-ABOVE-5 fires the chair records the child-in-need discussion; or, for
    either, records why not."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    child = _conference_child(conference, child_id)
    tally = live.tallies[child.pk]
    fired = {
        RuleId.SCORE_ALL_ZERO: tally.all_zero_fires,
        RuleId.SCORE_MAJ_ABOVE_5: tally.majority_above_fires,
    }
    if not fired.get(rule_id):
        raise refusal("rule_id", f"The scores for {child} do not call for this", rule_id=rule_id)
    _check_trigger_answer(rule_id, action, note)
    if (child.pk, rule_id) in live.trigger_responses:
        raise refusal(None, f"Already answered for {child}", rule_id=rule_id)
    escalation = (
        _raise_score_escalation(conference, live.rule_set, child, note, by)
        if action == TriggerAction.ESCALATED
        else None
    )
    response = TriggerResponse(
        authority=conference.authority,
        conference=conference,
        child=child,
        rule_id=rule_id,
        action=action,
        note=note.strip(),
        escalation=escalation,
        by=by,
    )
    save_with_history(response, by=by, reason=f"{TriggerAction(action).label} ({rule_id})")
    return response
