"""Core group meetings as a source of double-booking clashes (see `scheduling.clashes`), and the
slot a meeting being booked or moved would take up. A meeting takes up the social worker who
convenes it (CG-CONVENOR: the case's social worker) and its venue."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from authorities.models import Venue
from scheduling.clashes import CORE_GROUP_SLOT, Clash, Slot, shared_with

from .models import CoreGroup, CoreGroupMeeting


def meeting_slot(
    group: CoreGroup, *, starts_at: datetime, venue: Venue | None, itself: int | None = None
) -> Slot:
    social_worker = group.family.social_worker
    people = (
        {social_worker.pk: f"the social worker ({social_worker.user.display_name})"} if social_worker else {}
    )
    return Slot(
        authority_id=group.authority_id,
        starts_at=starts_at,
        length=CORE_GROUP_SLOT,
        people=people,
        venue_id=venue.pk if venue else None,
        venue_name=venue.name if venue else "",
        itself=("core_group_meeting", itself) if itself else None,
    )


def meeting_clashes(slot: Slot) -> list[Clash]:
    """Booked meetings overlapping the slot whose family's social worker, or venue, it shares: one
    range query on the (authority, scheduled_at) index."""
    shares = Q(core_group__family__social_worker_id__in=list(slot.people))
    if slot.venue_id:
        shares |= Q(venue_id=slot.venue_id)
    rows = (
        CoreGroupMeeting.objects.for_authority(slot.authority_id)
        .filter(
            shares,
            held_on__isnull=True,
            cancelled_at__isnull=True,
            scheduled_at__gt=slot.starts_at - CORE_GROUP_SLOT,
            scheduled_at__lt=slot.ends_at,
        )
        .values_list(
            "pk",
            "scheduled_at",
            "core_group__family__social_worker_id",
            "venue_id",
            "core_group__family__reference",
            "core_group__family_id",
        )
    )
    if slot.itself and slot.itself[0] == "core_group_meeting":
        rows = rows.exclude(pk=slot.itself[1])
    return [
        Clash(
            kind="core_group_meeting",
            pk=pk,
            label=f"a core group meeting for case {reference or f'no. {family_pk}'}",
            starts_at=starts_at,
            shared=shared_with(slot, people=[sw_id], venue_id=venue_id),
        )
        for pk, starts_at, sw_id, venue_id, reference, family_pk in rows
    ]
