"""Conferences as a source of double-booking clashes (see `scheduling.clashes`), and the slot a
conference being booked or moved would take up."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from authorities.models import Membership, Venue
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from scheduling.clashes import CONFERENCE_SLOT, Clash, Slot, shared_with

# A conference still to happen, or happening now, takes up its people and its room.
BUSY_STATUSES = (ConferenceStatus.SCHEDULED, ConferenceStatus.IN_PROGRESS)


def conference_slot(
    *,
    authority_id: int,
    starts_at: datetime,
    chair: Membership,
    social_worker: Membership,
    venue: Venue | None,
    itself: int | None = None,
) -> Slot:
    people = {
        social_worker.pk: f"the social worker ({social_worker.user.display_name})",
        chair.pk: f"the chair ({chair.user.display_name})",
    }
    return Slot(
        authority_id=authority_id,
        starts_at=starts_at,
        length=CONFERENCE_SLOT,
        people=people,
        venue_id=venue.pk if venue else None,
        venue_name=venue.name if venue else "",
        itself=("conference", itself) if itself else None,
    )


def conference_clashes(slot: Slot) -> list[Clash]:
    """Conferences overlapping the slot that share its chair, social worker or venue: one range
    query on the (authority, starts_at) index."""
    people = list(slot.people)
    shares = Q(chair_id__in=people) | Q(social_worker_id__in=people)
    if slot.venue_id:
        shares |= Q(venue_id=slot.venue_id)
    rows = (
        Conference.objects.for_authority(slot.authority_id)
        .filter(
            shares,
            status__in=BUSY_STATUSES,
            starts_at__gt=slot.starts_at - CONFERENCE_SLOT,
            starts_at__lt=slot.ends_at,
        )
        .values_list(
            "pk",
            "kind",
            "starts_at",
            "chair_id",
            "social_worker_id",
            "venue_id",
            "family__reference",
            "family_id",
        )
    )
    if slot.itself and slot.itself[0] == "conference":
        rows = rows.exclude(pk=slot.itself[1])
    return [
        Clash(
            kind="conference",
            pk=pk,
            label=f"the {ConferenceKind(kind).label.lower()} for case {reference or f'no. {family_pk}'}",
            starts_at=starts_at,
            shared=shared_with(slot, people=[chair_id, sw_id], venue_id=venue_id),
        )
        for pk, kind, starts_at, chair_id, sw_id, venue_id, reference, family_pk in rows
    ]
