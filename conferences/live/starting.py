"""Starting the conference: on its day, or on another day with the day it was held and why, and the
preparation rules the chair goes ahead without (PRE-MEET, SEPARATE, FAMILY-NEEDS)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date_with_weekday
from authorities.models import Membership
from authorities.refusals import refusal
from conferences.checklist import conference_checklist, go_ahead_without
from conferences.models import Conference, ConferenceStatus, Invitation, InviteeKind

from . import plan_actions
from .common import _conference


def _the_day(conference: Conference, held_day: date | None, reason: str) -> str:
    """A conference starts on the day it is booked for (early that day is fine). Recorded on
    another day, the chair gives the day it was really held and why: deadlines count from that day.
    Returns the history's reason."""
    today = timezone.localdate()
    booked = conference.booked_day
    if held_day is None:
        if today == booked:
            return "conference started"
        raise refusal(
            "held_day",
            f"This conference is booked for {long_date_with_weekday(booked)}: start it on that day. "
            "If it was held on another day, give the date it was held and the reason.",
        )
    if held_day > today:
        raise refusal("held_day", "Date it was held must be today or in the past.")
    if held_day == booked == today:
        return "conference started"
    if not reason.strip():
        raise refusal("held_reason", "Say why the conference is recorded on another day than the one booked.")
    conference.held_day = held_day if held_day != booked else None
    conference.held_day_reason = reason.strip()
    return f"held on {long_date_with_weekday(held_day)}, not the day booked: {reason.strip()}"[:100]


def _social_worker_on_the_list(conference: Conference) -> None:
    social_worker = conference.social_worker
    Invitation.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        membership=social_worker,
        defaults={
            "authority": conference.authority,
            "kind": InviteeKind.PROFESSIONAL,
            "agency": social_worker.agency,
            "name": social_worker.user.display_name,
            "email": social_worker.user.email,
            "role_label": "Social worker",
        },
    )


@transaction.atomic
def start_conference(
    *,
    conference_id: int,
    by: Membership,
    held_day: date | None = None,
    held_reason: str = "",
    reasons: dict[str, str] | None = None,
) -> Conference:
    """The chair opens the conference: it is in progress, the chair is present, and the case's
    social worker is on the attendance list (quorum needs them). Going ahead without a preparation
    rule asked at the start refuses where it is required and needs its reason (`reasons`, by rule
    id) where it is advised; the reasons are kept on the conference."""
    conference = _conference(by, conference_id)
    if conference.status == ConferenceStatus.IN_PROGRESS:
        return conference
    why = _the_day(conference, held_day, held_reason)
    rule_set = conference.rule_set_in_force()
    invitations = list(conference.invitations.all())
    items = [
        i for i in conference_checklist(conference, rule_set=rule_set, invitations=invitations) if i.at_start
    ]
    kept = go_ahead_without(items, reasons or {})
    _social_worker_on_the_list(conference)
    conference.rule_reasons = {**(conference.rule_reasons or {}), **kept}
    conference.status = ConferenceStatus.IN_PROGRESS
    conference.started_at = timezone.now()
    save_with_history(
        conference,
        by=by,
        reason=why,
        update_fields=["status", "started_at", "held_day", "held_day_reason", "rule_reasons"],
    )
    # Actions drafted before the start run from now on (plan_actions).
    plan_actions.sync_plan_actions(conference, plan_in_force=True)
    return conference
