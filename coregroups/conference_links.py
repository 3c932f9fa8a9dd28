"""What a child protection conference asks of the family's core group.

Core group rows are written only by this app. The conferences app sits below it and asks through
`conferences.hooks`, answered by the functions here (registered in `CoregroupsConfig.ready()`):
holding a conference books the first core group meeting, names the members, and a review that ends
every plan ends the group. The case page and the live conference page read the groups from here too.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from authorities.compiled_reads import CompiledRead
from authorities.history import save_with_history, stamp
from authorities.models import Membership, Venue
from cases.models import Family, Person
from conferences.models import Conference, Invitation
from scheduling.clashes import check_clashes

from .clashes import meeting_slot
from .invitations import tell_members_after_commit
from .models import CoreGroup, CoreGroupMeeting, CoreGroupMember


def active_core_group(conference: Conference, *, create: bool) -> CoreGroup | None:
    """The family's core group still running (the newest), set up at `conference` if there is none
    and `create`."""
    group = (
        CoreGroup.objects.for_authority(conference.authority)
        .filter(family=conference.family, ended_on__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if group is None and create:
        group = CoreGroup.objects.create(
            authority=conference.authority, family=conference.family, set_up_at=conference
        )
    return group


def book_first_meeting(
    *,
    conference: Conference,
    by: Membership,
    scheduled_at: datetime,
    venue: Venue | None,
    reason: str,
    clash_reason: str = "",
) -> CoreGroupMeeting:
    """NEXT-DATES: the first core group meeting, booked at the conference (moved if booked there
    before). The caller has checked CG1-10WD. Booked over another meeting of the social worker or
    the venue only with `clash_reason`, as any other booking."""
    group = active_core_group(conference, create=True)
    meeting = (
        CoreGroupMeeting.objects.for_authority(conference.authority)
        .filter(core_group=group, booked_at_conference=conference)
        .first()
    ) or CoreGroupMeeting(authority=conference.authority, core_group=group, booked_at_conference=conference)
    slot = meeting_slot(group, starts_at=scheduled_at, venue=venue, itself=meeting.pk)
    meeting.clash_reason = check_clashes(slot, reason=clash_reason)
    if meeting.pk and (meeting.scheduled_at, meeting.venue_id) != (scheduled_at, venue.pk if venue else None):
        meeting.ics_sequence += 1  # members already sent it get the change, not a second meeting
    meeting.scheduled_at = scheduled_at
    meeting.venue = venue
    save_with_history(meeting, by=by, reason=reason or "first core group booked at conference")
    tell_members_after_commit(meeting)
    return meeting


def name_members(
    *,
    conference: Conference,
    by: Membership,
    invitations: list[Invitation],
    people: list[Person],
    other_names: list[tuple[str, str]],
) -> list[CoreGroupMember]:
    """NEXT-DATES: the core group's members named at the conference, replacing the list:
    invitees (with or without an account), family members and anyone else by (name, role)."""
    group = active_core_group(conference, create=True)
    if group.set_up_at_id != conference.pk:
        group.set_up_at = conference
        save_with_history(
            group, by=by, reason="core group confirmed at conference", update_fields=["set_up_at"]
        )
    common = {"authority": conference.authority, "core_group": group}
    members = [
        CoreGroupMember(
            **common,
            membership_id=invitation.membership_id,
            person_id=invitation.person_id,
            agency=invitation.agency,
            name=invitation.name,
            role_label=invitation.role_label or invitation.get_kind_display(),
        )
        for invitation in invitations
    ]
    members += [CoreGroupMember(**common, person=p, name=str(p), role_label="Family") for p in people]
    members += [CoreGroupMember(**common, name=name, role_label=role) for name, role in other_names]
    for old in group.members.all():
        stamp(old, by=by, reason="core group members renamed at conference")
        old.delete()
    for member in members:
        save_with_history(member, by=by, reason="named at conference")
    # Members named after the first meeting was booked are sent it too (those sent it already
    # are skipped by the task's claim).
    for meeting in CoreGroupMeeting.objects.for_authority(conference.authority).filter(
        core_group=group, held_on__isnull=True, cancelled_at__isnull=True
    ):
        tell_members_after_commit(meeting)
    return members


def end_after_review(*, conference: Conference, on: date, by: Membership) -> None:
    """A review conference that ends every plan ends the family's core group, and the meetings it
    still had booked are cancelled: with no plan there is nothing for them to review."""
    group = active_core_group(conference, create=False)
    if group is not None:
        _end_group(group, on=on, by=by, reason="every plan ended at the review conference")


def close_after_plans_ended(*, family: Family, on: date, by: Membership, reason: str) -> None:
    """No child of the family is on a plan any more (a manager ended the last one between
    conferences): the core group closes, and the meetings still booked are cancelled with the reason."""
    groups = CoreGroup.objects.for_authority(family.authority_id).filter(family=family, ended_on__isnull=True)
    for group in groups:
        _end_group(group, on=on, by=by, reason=reason)


def _end_group(group: CoreGroup, *, on: date, by: Membership, reason: str) -> None:
    booked = CoreGroupMeeting.objects.for_authority(group.authority_id).filter(
        core_group=group, held_on__isnull=True, cancelled_at__isnull=True
    )
    for meeting in booked:
        meeting.cancelled_at = timezone.now()
        meeting.change_reason = reason
        save_with_history(
            meeting, by=by, reason=f"cancelled: {reason}", update_fields=["cancelled_at", "change_reason"]
        )
    group.ended_on = on
    save_with_history(group, by=by, reason=reason, update_fields=["ended_on"])


def members_named_at(conference: Conference) -> list[CoreGroupMember]:
    """The members of the core group set up at this conference, for its live page."""
    return list(
        CoreGroupMember.objects.for_authority(conference.authority_id)
        .filter(core_group__set_up_at=conference)
        .select_related("agency")
        .order_by("name", "pk")
    )


# Read on every opening of the case page: the SQL is compiled once per process.
_family_core_groups = CompiledRead(
    lambda authority, role, member, family: (
        CoreGroup.objects.for_authority(authority)
        .visible_to(Membership.made_of_ids(authority, role, member))
        .filter(family_id=family)
    )
)


def family_core_groups(membership: Membership, family: Family) -> list[CoreGroup]:
    """The family's core groups this member may see, for the case page."""
    return _family_core_groups(membership.authority_id, membership.role, membership.pk, family.pk)
