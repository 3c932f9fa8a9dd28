"""A row's link to a row of an app above its own, kept as an id.

An app names only the apps below it, so a table low down cannot hold a Django foreign key to a model
higher up (a deadline's family, a plan's conference). It keeps the id column instead
(`<name>_id`, indexed), and the app above answers a `Hook` with its model, owns the database's
foreign key constraint (added in its own migration) and any cascade on delete (a signal receiver in
its `AppConfig.ready()`).

`link_up` gives such a row the attribute a foreign key would: reading it loads the linked row through
the tenant scoping path (cached on the row), setting it sets the id, and since it is a property a
model accepts it as a keyword (`Deadline(family=family)`). `attach_linked` loads a list's linked rows
in one query, as `select_related` would."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

Model = type[models.Model]


def _cache(name: str) -> str:
    return f"_{name}_linked"


def link_up(name: str, model: Callable[[], Model]) -> property:
    """The property `name` over the column `<name>_id`, linking to a row of `model()`."""
    id_attr, cache = f"{name}_id", _cache(name)

    def read(row: models.Model) -> Any:
        pk = getattr(row, id_attr)
        if pk is None:
            return None
        cached_pk, linked = row.__dict__.get(cache, (None, None))
        if cached_pk != pk:
            linked = model().objects.for_authority(row.authority_id).filter(pk=pk).first()
            row.__dict__[cache] = (pk, linked)
        return linked

    def write(row: models.Model, linked: models.Model | None) -> None:
        setattr(row, id_attr, None if linked is None else linked.pk)
        row.__dict__[cache] = (getattr(row, id_attr), linked)

    return property(read, write, doc=f"The linked row whose id is `{id_attr}`.")


def attach_linked(
    rows: Iterable[models.Model], name: str, model: Callable[[], Model], *, queryset: Any = None
) -> list:
    """Give each row its `name` from one query per authority. `queryset`, if given, is what to read
    the linked rows from (scoped by the caller, with its own `select_related`)."""
    rows = list(rows)
    id_attr, cache = f"{name}_id", _cache(name)
    wanted = {getattr(row, id_attr) for row in rows} - {None}
    if not wanted:
        return rows
    found: dict[int, models.Model] = {}
    if queryset is not None:
        found = queryset.in_bulk(wanted)
    else:
        for authority_id in {row.authority_id for row in rows if getattr(row, id_attr) is not None}:
            found.update(model().objects.for_authority(authority_id).in_bulk(wanted))
    for row in rows:
        pk = getattr(row, id_attr)
        linked = found.get(pk)
        # Tenancy holds as through a scoped foreign key: never another authority's row.
        row.__dict__[cache] = (pk, linked if linked and linked.authority_id == row.authority_id else None)
    return rows
