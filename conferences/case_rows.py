"""The family's conferences as the case page lists them (the cases app asks through its hook)."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import User
from authorities.compiled_reads import CompiledRead
from authorities.models import Membership
from cases.models import Family

from .models import Conference, ConferenceKind, ConferenceStatus

_KIND = dict(ConferenceKind.choices)
_STATUS = dict(ConferenceStatus.choices)
_FIELDS = ["pk", "kind", "starts_at", "venue_id", "venue__name", "virtual_link", "chair_id", "status"]
_CHAIR_NAME = tuple(f"chair__user__{column}" for column in User.NAME_FIELDS)
# The child's id as well as its name: grouped by name alone, two children of one name would be one.
_CHILD_NAME = ("conference_children__child__first_name", "conference_children__child_id")

# Read on every opening of the case page: the SQL is compiled once per process.
_rows = CompiledRead(
    lambda authority, role, member, family: (
        Conference.objects.for_authority(authority)
        .visible_to(Membership.made_of_ids(authority, role, member))
        .filter(family_id=family)
        .values(*_FIELDS, *_CHAIR_NAME, *_CHILD_NAME)
        .annotate(invitation_count=Count("invitations", distinct=True))
        .order_by("-starts_at", "pk", "conference_children__child__last_name", _CHILD_NAME[0])
    )
)


def family_conferences(membership: Membership, family: Family) -> list[dict]:
    """The family's conferences this member may see, newest first: one row each with what the
    case page shows (kind and status in words, the children's first names, the venue's name,
    the chair's name and how many are invited). Rows, not models: the page only reads them.
    One query: a row per child of each conference (its children's names in the database's order)."""
    conferences: dict[int, dict] = {}
    for row in _rows(membership.authority_id, membership.role, membership.pk, family.pk):
        conference = conferences.get(row["pk"])
        if conference is None:
            conference = conferences[row["pk"]] = row
            row["kind_words"] = _KIND.get(row["kind"], row["kind"])
            row["status_words"] = _STATUS.get(row["status"], row["status"])
            row["chair_name"] = User.name_to_show(*(row[c] for c in _CHAIR_NAME)) if row["chair_id"] else ""
            row["children"] = []
        first_name = row[_CHILD_NAME[0]]
        if first_name is not None:
            conference["children"].append(first_name)
    return list(conferences.values())
