"""The family (case) a deadline or an escalation belongs to, kept as an id (`family_id`).

The family model lives in the cases app, above this one: the cases app answers `hooks.family_model`
with its model, and owns the database's foreign key and the cascade when a family is deleted
(`authorities.links_up` explains the pattern)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from authorities.links_up import attach_linked, link_up

from . import hooks


def family_model() -> type[models.Model]:
    return hooks.family_model()


def families_table() -> str:
    """The family table's name, for the sweep's SQL that names the case in its notifications."""
    return family_model()._meta.db_table


def family_ids(authority: Any, family_filter: Mapping[str, object]) -> models.QuerySet:
    """The ids of the authority's families matching `family_filter` (lookups on the family, such as
    `{"social_worker_id": 7}`), as a subquery for `family_id__in`."""
    return family_model().objects.for_authority(authority).filter(**family_filter).values("pk")


def attach_families(rows: Iterable[models.Model], *, families: Any = None) -> list:
    """Give each deadline or escalation its family in one query, as `select_related` would;
    `families`, if given, is the scoped family queryset to read them from."""
    return attach_linked(rows, "family", family_model, queryset=families)


def family_link() -> property:
    """`family` on a row that keeps `family_id`: settable with a family, read through the cases app."""
    return link_up("family", family_model)
