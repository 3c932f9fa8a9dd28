"""Who may do what with a core group."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied

from authorities.human_dates import long_date
from authorities.models import Membership, Role, RuleSet
from authorities.refusals import refusal
from authorities.selectors import rule_set_in_force

from .models import (
    CoreGroup,
    CoreGroupMeeting,
)


def may_convene(membership: Membership, group: CoreGroup) -> bool:
    """The case's social worker, their team manager, or a chair may book and record meetings."""
    if membership.authority_id != group.authority_id:
        return False
    if membership.role == Role.CHAIR:
        return True
    social_worker = group.family.social_worker
    if social_worker is None:
        return False
    return membership.pk == social_worker.pk or (
        membership.role == Role.TEAM_MANAGER and membership.pk == social_worker.team_manager_id
    )


def _group(by: Membership, core_group_id: int) -> CoreGroup:
    """The core group, locked, in the caller's authority and visible to them; then the role check."""
    group = (
        CoreGroup.objects.for_authority(by.authority)
        .visible_to(by)
        .select_for_update(of=("self",))
        .select_related("authority", "family__social_worker__user", "set_up_at")
        .get(pk=core_group_id)
    )
    if not may_convene(by, group):
        raise PermissionDenied("Only the case's social worker, their team manager or a chair can do this.")
    if group.ended_on is not None:
        raise refusal(None, f"This core group ended on {long_date(group.ended_on)}.")
    return group


def _meeting(by: Membership, meeting_id: int) -> tuple[CoreGroupMeeting, CoreGroup]:
    meeting = (
        CoreGroupMeeting.objects.for_authority(by.authority)
        .visible_to(by)
        .only("pk", "core_group_id")
        .get(pk=meeting_id)
    )
    group = _group(by, meeting.core_group_id)
    meeting = (
        CoreGroupMeeting.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("venue")
        .get(pk=meeting_id)
    )
    return meeting, group


def _rules(group: CoreGroup, on: date) -> RuleSet:
    return rule_set_in_force(group.authority, on=on)
