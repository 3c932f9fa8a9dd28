"""What the scheduling app, below this one, asks of the cases app about families.

Deadlines and escalations keep the id of the family they belong to (`family_id`), since scheduling
may not name this app's models. This app answers for the family: it gives scheduling the family
model (`scheduling.hooks.family_model`), owns the database's foreign keys from those rows to the
family (migration `0010_deadline_family_foreign_keys`), and deletes a family's deadlines and
escalations with it (registered in `CasesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from scheduling.models import Deadline, Escalation

from .models import Family


def family_model() -> type[Family]:
    return Family


def delete_family_scheduling(sender: type[Family], instance: Family, **kwargs: Any) -> None:
    """Before a family goes, its escalations and deadlines go, as the foreign key's cascade did.

    Done here through the ORM, not left to the database's ON DELETE CASCADE alone, so that each row
    deleted gets its history entry and the escalations' events go too; the database's cascade stays
    behind it for rows deleted other ways. Escalations first: a chain of rungs protects its lower
    rungs, so the whole chain goes in one delete."""
    Escalation.objects.for_authority(instance.authority_id).filter(family_id=instance.pk).delete()
    Deadline.objects.for_authority(instance.authority_id).filter(family_id=instance.pk).delete()
