"""Reads of the accounts app used by more than one view: the read audit's filtered events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from authorities.models import Authority, Membership

from .models import AccessEvent, AccessEventQuerySet

# Filled by the cases app (AppConfig.ready): the case a child of this authority belongs to, so the
# audit's child filter also finds the opening of the case records the child appears in.
case_of_child: list[Callable[[Authority, int], int | None]] = []


def people_of(authority: Authority) -> list[tuple[int, str]]:
    """Everyone with a membership here (past ones too: their reads stay in the audit), as (user
    id, "name <e-mail>") for the person filter."""
    rows = (
        Membership.objects.for_authority(authority)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [(m.user_id, f"{m.user.display_name} <{m.user.email}>") for m in rows]


def access_events(
    authority: Authority,
    *,
    user_id: int | None = None,
    child_id: int | None = None,
    case_id: int | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> AccessEventQuerySet:
    """This authority's events, newest first, narrowed by each filter given (dates are whole days,
    in the service's time zone, both ends included)."""
    events = AccessEvent.objects.for_authority(authority).order_by("-at", "-pk")
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if child_id is not None:
        about_child = Q(child_id=child_id)
        for lookup in case_of_child:
            if (family_id := lookup(authority, child_id)) is not None:
                about_child |= Q(child_id__isnull=True, case_id=family_id)
        events = events.filter(about_child)
    if case_id is not None:
        events = events.filter(case_id=case_id)
    if action:
        events = events.filter(action=action)
    # Whole days as a range of instants, so the (authority, at) index serves it.
    if date_from is not None:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return events
