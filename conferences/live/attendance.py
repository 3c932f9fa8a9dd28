"""Attendance and the quorum (QUORUM)."""

from __future__ import annotations

from django.db import transaction

from authorities.history import save_with_history
from authorities.models import Membership, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import RuleViolation, check_rule, enforce
from authorities.rules.ids import RuleId
from conferences.models import (
    Attendance,
    Conference,
    ConferenceStatus,
    Invitation,
    InviteeKind,
    ViewsRoute,
)
from conferences.preparation.services import record_statutory_booking
from conferences.selectors import (
    load_live,
)

from ..report_deadlines import settle_report_deadlines
from . import plan_actions
from .common import _conference, _started


@transaction.atomic
def record_attendance(
    *,
    conference_id: int,
    invitation_id: int,
    attendance: str,
    by: Membership,
    proxy_name: str = "",
    views_route: str = "",
    reason: str = "",
) -> Invitation:
    """Present, sent apologies or absent. A briefed colleague may attend in a practitioner's place
    (REPORT-PROXY); an observer is admitted only when the chair and the family agreed (OBSERVER);
    for the child, how their views reach the conference (CHILD-PARTICIPATION)."""
    conference = _conference(by, conference_id)
    _started(conference)
    if attendance not in Attendance.values:
        raise refusal("attendance", f"attendance: choose one of {', '.join(Attendance.labels)}")
    invitation = conference.invitations.select_for_update().get(pk=invitation_id)
    rule_set = conference.rule_set_in_force()
    proxy_name = proxy_name.strip()
    if proxy_name:
        _check_proxy(invitation, attendance)
    if invitation.kind == InviteeKind.OBSERVER and attendance == Attendance.PRESENT:
        _check_observer_agreed(conference, invitation, rule_set, reason=reason)
    if views_route:
        _check_views_route(invitation, views_route)
        invitation.views_route = views_route
    invitation.attendance = attendance
    invitation.attended_by_proxy = bool(proxy_name)
    if proxy_name:
        invitation.proxy_name = proxy_name
    save_with_history(
        invitation,
        by=by,
        reason=reason or f"attendance: {attendance}",
        update_fields=["attendance", "attended_by_proxy", "proxy_name", "views_route"],
    )
    return invitation


def _check_proxy(invitation: Invitation, attendance: str) -> None:
    """REPORT-PROXY: a briefed colleague stands in for a professional who is then present."""
    if invitation.kind != InviteeKind.PROFESSIONAL:
        raise refusal(
            "proxy_name", "Only a professional can send a briefed colleague", rule_id="REPORT-PROXY"
        )
    if attendance != Attendance.PRESENT:
        raise refusal(
            "proxy_name",
            "A briefed colleague is recorded as present in their place",
            rule_id="REPORT-PROXY",
        )


def _check_observer_agreed(
    conference: Conference, invitation: Invitation, rule_set: RuleSet, *, reason: str
) -> None:
    """OBSERVER: only an observer the chair and the family agreed to before the day comes in."""
    live = load_live(conference, rule_set=rule_set)
    agreed = invitation.name.strip().lower() in live.admitted_observer_names()
    enforce(
        check_rule(
            rule_set,
            RuleId.OBSERVER,
            satisfied=agreed,
            message=f"{invitation.name} was not agreed by the chair and the family before the day; "
            "an observer who was not agreed is refused entry",
        ),
        reason=reason,
        field="attendance",
    )


def _check_views_route(invitation: Invitation, views_route: str) -> None:
    """CHILD-PARTICIPATION: how the views reach the conference is recorded for a child only."""
    if invitation.kind != InviteeKind.CHILD:
        raise refusal(
            "views_route", "How views are given is recorded for the child", rule_id="CHILD-PARTICIPATION"
        )
    if views_route not in ViewsRoute.values:
        raise refusal("views_route", "Choose how the child's views are given", rule_id="CHILD-PARTICIPATION")


@transaction.atomic
def admit_observer(*, conference_id: int, observer_request_id: int, by: Membership) -> Invitation:
    """OBSERVER: put an observer the chair and the family agreed to on the attendance list."""
    conference = _conference(by, conference_id)
    _started(conference)
    request = conference.observer_requests.get(pk=observer_request_id)
    rule_set = conference.rule_set_in_force()
    enforce(
        check_rule(
            rule_set,
            RuleId.OBSERVER,
            satisfied=request.admitted,
            message=f"{request.observer_name} was not agreed by the chair and the family; refused entry",
        ),
        field="observer",
    )
    invitation, _ = Invitation.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        kind=InviteeKind.OBSERVER,
        name=request.observer_name,
        defaults={"authority": conference.authority, "role_label": request.observer_role},
    )
    invitation.attendance = Attendance.PRESENT
    save_with_history(invitation, by=by, reason="observer admitted", update_fields=["attendance"])
    return invitation


@transaction.atomic
def go_ahead_inquorate(*, conference_id: int, reason: str, by: Membership) -> Conference:
    """Going ahead without quorum. Where QUORUM-OVERRIDE is on, the chair may, with a recorded
    reason; elsewhere the rule's mode decides (required: refused, so adjourn; advised: reason)."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    quorum = live.quorum
    if quorum.quorate or not quorum.applies:
        return conference
    missing = "; ".join(quorum.missing)
    if quorum.override_on:
        if not reason.strip():
            raise RuleViolation(
                check_rule(
                    live.rule_set,
                    RuleId.QUORUM,
                    satisfied=False,
                    message=f"not quorate (missing {missing}). QUORUM-OVERRIDE: give the reason to go "
                    "ahead (the child's age, enough information to decide, or risk to the child from delay)",
                ),
                field="reason",
            )
    else:
        enforce(
            check_rule(
                live.rule_set,
                RuleId.QUORUM,
                satisfied=False,
                message=f"not quorate (missing {missing}); this authority does not go ahead inquorate: "
                "adjourn the conference",
            ),
            reason=reason,
            field="reason",
        )
    conference.quorum_override_reason = reason.strip()
    save_with_history(
        conference, by=by, reason="going ahead inquorate", update_fields=["quorum_override_reason"]
    )
    return conference


@transaction.atomic
def adjourn_conference(*, conference_id: int, reason: str, by: Membership) -> Conference:
    conference = _conference(by, conference_id)
    if not reason.strip():
        raise refusal("reason", "reason: say why the conference is adjourned.")
    conference.status = ConferenceStatus.ADJOURNED
    conference.change_reason = reason.strip()
    save_with_history(conference, by=by, reason="adjourned", update_fields=["status", "change_reason"])
    # Reports for this meeting stop counting down; the reconvened conference invites its own.
    settle_report_deadlines(conference, reason=f"conference adjourned: {reason.strip()}"[:100])
    # The plan was not agreed: its actions' deadlines stop (the reconvened conference agrees its own).
    plan_actions.sync_plan_actions(conference, plan_in_force=False)
    # An adjourned conference no longer meets its timescale: the deadline is unbooked again
    # unless another conference is booked for it.
    record_statutory_booking(by, conference)
    return conference
