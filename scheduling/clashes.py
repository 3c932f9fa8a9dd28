"""Double-booking: does a new or moved meeting overlap another one for the same person or room?

A conference or core group meeting takes up its chair, its social worker and its venue for its
diary slot. Booking one over another is allowed only with a recorded reason (two rooms in one
building, a chair covering a short item): the booking services ask `check_clashes`, which refuses
without a reason and names every clash.

Scheduling sits below the apps that own the meetings, so they register what they know in
`busy_sources` from their `AppConfig.ready()`; each source answers with one indexed range query on
its start column, scoped to the authority."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from authorities.human_dates import long_date_with_weekday
from authorities.refusals import refusal

# How long each kind of meeting blocks out in people's diaries and in the .ics it sends. Not a
# statutory timescale, so not rule-set data: the diary slot only.
CONFERENCE_SLOT = timedelta(hours=2)
CORE_GROUP_SLOT = timedelta(hours=1, minutes=30)


CLASH_FIELD = "clash_reason"


@dataclass(frozen=True)
class Slot:
    """What a booking would take up: when, who (membership id → how to name them) and where."""

    authority_id: int
    starts_at: datetime
    length: timedelta
    people: dict[int, str] = field(default_factory=dict)
    venue_id: int | None = None
    venue_name: str = ""
    # The booking being moved ("conference", pk) or ("core_group_meeting", pk): it never clashes with itself.
    itself: tuple[str, int] | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.length


@dataclass(frozen=True)
class Clash:
    """One meeting already booked over the slot, and whom or what it shares with it."""

    kind: str
    pk: int
    label: str
    starts_at: datetime
    shared: tuple[str, ...]

    def in_words(self) -> str:
        local = timezone.localtime(self.starts_at)
        verb = "have" if len(self.shared) > 1 else "has"
        when = f"{long_date_with_weekday(local.date())} at {local:%H:%M}"
        return f"{' and '.join(self.shared)} already {verb} {self.label} on {when}"


# Each source: `(slot) -> list[Clash]`, the meetings of its kind overlapping the slot that share a
# person or the venue with it (cancelled and held ones left out).
busy_sources: list[Callable[[Slot], list[Clash]]] = []


def register_source(source: Callable[[Slot], list[Clash]]) -> None:
    """Add a source once (a second `ready()` in one process adds nothing)."""
    if source not in busy_sources:
        busy_sources.append(source)


def shared_with(slot: Slot, *, people: list[int | None], venue_id: int | None) -> tuple[str, ...]:
    """Whom and what another meeting shares with the slot, as the message names them."""
    shared = [slot.people[pk] for pk in dict.fromkeys(people) if pk in slot.people]
    if slot.venue_id and venue_id == slot.venue_id:
        shared.append(f"the venue ({slot.venue_name})" if slot.venue_name else "the venue")
    return tuple(shared)


def find_clashes(slot: Slot) -> list[Clash]:
    clashes = [clash for source in busy_sources for clash in source(slot)]
    return sorted(clashes, key=lambda c: (c.starts_at, c.kind, c.pk))


def clash_message(clashes: list[Clash]) -> str:
    listed = "; ".join(c.in_words() for c in clashes)
    return f"This time is double-booked: {listed}. Choose another time, or give a reason to book it anyway."


def check_clashes(slot: Slot, *, reason: str) -> str:
    """Refuse a double booking unless a reason is given; the reason to keep (empty if no clash)."""
    if not (slot.people or slot.venue_id):
        return ""
    clashes = find_clashes(slot)
    if not clashes:
        return ""
    if not reason.strip():
        raise refusal(CLASH_FIELD, clash_message(clashes))
    return reason.strip()
