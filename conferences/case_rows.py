"""The family's conferences as the case page lists them (the cases app asks through its hook)."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import User
from authorities.models import Membership
from cases.models import Family

from .models import Conference, ConferenceChild, ConferenceKind, ConferenceStatus

_KIND = dict(ConferenceKind.choices)
_STATUS = dict(ConferenceStatus.choices)
_FIELDS = ["pk", "kind", "starts_at", "venue_id", "venue__name", "virtual_link", "chair_id", "status"]
_CHAIR_NAME = tuple(f"chair__user__{column}" for column in User.NAME_FIELDS)


def family_conferences(membership: Membership, family: Family) -> list[dict]:
    """The family's conferences this member may see, newest first: one row each with what the
    case page shows (kind and status in words, the children's first names, the venue's name,
    the chair's name and how many are invited). Rows, not models: the page only reads them."""
    authority = membership.authority
    rows = list(
        Conference.objects.for_authority(authority)
        .visible_to(membership)
        .filter(family=family)
        .values(*_FIELDS, *_CHAIR_NAME)
        .annotate(invitation_count=Count("invitations", distinct=True))
        .order_by("-starts_at")
    )
    if not rows:
        return rows
    children: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    for conference_id, first_name in (
        ConferenceChild.objects.for_authority(authority)
        .filter(conference_id__in=children, child__authority=authority)
        .order_by("child__last_name", "child__first_name")
        .values_list("conference_id", "child__first_name")
    ):
        children[conference_id].append(first_name)
    for row in rows:
        row["kind_words"] = _KIND.get(row["kind"], row["kind"])
        row["status_words"] = _STATUS.get(row["status"], row["status"])
        row["chair_name"] = User.name_to_show(*(row[c] for c in _CHAIR_NAME)) if row["chair_id"] else ""
        row["children"] = children[row["pk"]]
    return rows
