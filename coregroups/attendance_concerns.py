"""CG-ATTENDANCE: core group attendance that harms the plan. The social worker flags it about the
meetings a member missed and their team manager is told; the team manager answers in writing,
resolving it with the agency or escalating it (a poor-attendance escalation on the authority's
ladder, linked back here).

Who answers follows the rule set: where the rule is required only the social worker's team manager
does; where advised another manager may, giving the reason; where off any manager may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from authorities.access import MANAGERS
from authorities.history import save_with_history
from authorities.models import Membership, Role
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce, in_words
from authorities.rules.ids import RuleId
from scheduling.escalations import raise_escalation
from scheduling.models import EscalationKind, Notification
from scheduling.services import notify

from .models import (
    AttendanceConcern,
    AttendanceConcernMeeting,
    AttendanceStatus,
    ConcernStatus,
    CoreGroup,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
)
from .permissions import _rules

NOT_THERE = (AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES)


def may_raise(membership: Membership, group: CoreGroup) -> bool:
    """The case's social worker flags attendance that harms the plan."""
    social_worker = group.family.social_worker
    return social_worker is not None and membership.pk == social_worker.pk


def may_answer(membership: Membership, group: CoreGroup) -> bool:
    """Managers may open the answer form; whether this one may answer is the rule set's call."""
    return membership.role in MANAGERS and membership.authority_id == group.authority_id


def concerns_of(membership: Membership, group: CoreGroup) -> list[AttendanceConcern]:
    """The group's attendance concerns, for the authority's staff (not agency practitioners)."""
    if membership.role not in MANAGERS | {Role.CHAIR} and not may_raise(membership, group):
        return []
    return list(
        AttendanceConcern.objects.for_authority(group.authority_id)
        .filter(core_group=group)
        .select_related("raised_by__user", "responded_by__user", "escalation")
        .prefetch_related(
            Prefetch("meetings", queryset=CoreGroupMeeting.objects.for_authority(group.authority_id))
        )
    )


def missed_meetings(group: CoreGroup, member: CoreGroupMember) -> list[CoreGroupMeeting]:
    """The held meetings the member was absent from or sent apologies to."""
    missed = (
        CoreGroupAttendance.objects.for_authority(group.authority_id)
        .filter(member=member, status__in=NOT_THERE, minutes__meeting__core_group=group)
        .values("minutes__meeting_id")
    )
    return list(
        CoreGroupMeeting.objects.for_authority(group.authority_id).filter(pk__in=missed).order_by("held_on")
    )


def _concern_url(concern: AttendanceConcern) -> str:
    slug = concern.authority.slug
    return reverse("coregroups:attendance-answer", kwargs={"authority_slug": slug, "pk": concern.pk})


@transaction.atomic
def raise_concern(
    *, core_group_id: int, by: Membership, member_id: int, meeting_ids: list[int], harm: str
) -> AttendanceConcern:
    """Flag a member's missed meetings as harming the plan, and tell the team manager."""
    group = (
        CoreGroup.objects.for_authority(by.authority)
        .visible_to(by)
        .select_related("authority", "family__social_worker__user")
        .get(pk=core_group_id)
    )
    if not may_raise(by, group):
        raise PermissionDenied("Only the case's social worker flags core group attendance.")
    member = (
        CoreGroupMember.objects.for_authority(by.authority).filter(core_group=group, pk=member_id).first()
    )
    if member is None:
        raise refusal("member", "Choose a member of this core group.")
    missed = {m.pk: m for m in missed_meetings(group, member)}
    if not meeting_ids or any(pk not in missed for pk in meeting_ids):
        raise refusal("meetings", f"Choose meetings {member.name} missed (absent or sent apologies).")
    if not harm.strip():
        raise refusal("harm", "Say how the missed meetings harm the plan.")
    concern = AttendanceConcern(
        authority=group.authority,
        core_group=group,
        member=member,
        member_name=member.name,
        agency=member.agency,
        harm=harm.strip(),
        raised_by=by,
    )
    save_with_history(concern, by=by, reason="attendance that harms the plan flagged")
    for pk in meeting_ids:
        link = AttendanceConcernMeeting(authority=group.authority, concern=concern, meeting=missed[pk])
        save_with_history(link, by=by, reason="meeting the concern is about")
    manager = by.team_manager
    if manager is not None:
        notify(
            authority=group.authority,
            recipient=manager.user,
            kind=Notification.Kind.OTHER,
            subject=f"Core group attendance harming the plan: {group.family}",
            body=f"{by.user.display_name} flags {member.name}'s attendance: {concern.harm}",
            url=_concern_url(concern),
        )
    return concern


@transaction.atomic
def answer_concern(
    *, concern_id: int, by: Membership, outcome: str, response: str, reason: str = ""
) -> AttendanceConcern:
    """The team manager's written answer: resolved with the agency, or escalated."""
    concern = (
        AttendanceConcern.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("core_group__family", "raised_by", "authority")
        .get(pk=concern_id)
    )
    group = concern.core_group
    if not may_answer(by, group):
        raise PermissionDenied("A team manager answers attendance concerns.")
    if concern.status != ConcernStatus.OPEN:
        raise refusal(None, f"This concern is already {concern.get_status_display().lower()}.")
    if outcome not in (ConcernStatus.RESOLVED, ConcernStatus.ESCALATED):
        raise refusal("outcome", "Choose whether you resolved it or are escalating it.")
    if not response.strip():
        raise refusal("response", in_words("give your answer in writing", RuleId.CG_ATTENDANCE))
    manager_id = concern.raised_by.team_manager_id
    enforce(
        check_rule(
            _rules(group, timezone.localdate()),
            RuleId.CG_ATTENDANCE,
            satisfied=by.pk == manager_id,
            message="the social worker's team manager resolves or escalates poor attendance",
        ),
        reason=reason,
        field="reason",
    )
    if outcome == ConcernStatus.ESCALATED:
        concern.escalation = raise_escalation(
            by=by,
            kind=EscalationKind.POOR_ATTENDANCE,
            reason=f"Core group attendance of {concern.member_name}: {response.strip()}",
            family_id=group.family_id,
        )
    concern.status, concern.response = outcome, response.strip()
    concern.responded_by, concern.responded_at = by, timezone.now()
    concern.rule_reason = reason.strip() if by.pk != manager_id else ""
    save_with_history(concern, by=by, reason=concern.get_status_display().lower())
    return concern
