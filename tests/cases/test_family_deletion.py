"""A family's deadlines and escalations go with it.

Scheduling sits below cases, so its rows keep the family's id rather than a foreign key; the cases
app deletes them with the family (through the ORM, so each gets its history) and, on PostgreSQL,
owns the database's foreign keys behind that (ON DELETE CASCADE)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Family
from scheduling.families import attach_families
from scheduling.models import Deadline, Escalation, EscalationEvent
from tests.factories import DeadlineFactory, EscalationFactory, FamilyFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the foreign keys are PostgreSQL's (SQLite runs only the demo)"
)


def _rows(model, authority, family_id: int) -> int:
    return model.objects.for_authority(authority).filter(family_id=family_id).count()


@pytest.mark.django_db
def test_deleting_a_family_deletes_its_deadlines_escalations_and_their_events_with_history():
    family = FamilyFactory()
    authority = family.authority
    other = FamilyFactory(authority=authority)
    deadline = DeadlineFactory(family=family)
    escalation = EscalationFactory(deadline=deadline)
    EscalationEvent.objects.create(authority=authority, escalation=escalation, action="raised")
    by_hand = EscalationFactory(deadline=None, authority=authority, family=family, kind="other")
    kept = EscalationFactory(deadline=DeadlineFactory(family=other))
    family_id = family.pk

    family.delete()

    assert _rows(Deadline, authority, family_id) == 0
    assert _rows(Escalation, authority, family_id) == 0
    assert not EscalationEvent.objects.for_authority(authority).filter(escalation=escalation.pk).exists()
    assert Escalation.objects.for_authority(authority).filter(pk=kept.pk).exists()
    assert _rows(Deadline, authority, other.pk) == 1
    deleted = {(row.id, row.history_type) for row in Deadline.history.filter(family_id=family_id)}
    assert (deadline.pk, "-") in deleted
    assert (by_hand.pk, "-") in {
        (row.id, row.history_type) for row in Escalation.history.filter(family_id=family_id)
    }


@postgresql_only
@pytest.mark.django_db
def test_on_postgresql_the_database_cascades_a_family_deleted_below_the_orm():
    family = FamilyFactory()
    authority = family.authority
    EscalationFactory(deadline=DeadlineFactory(family=family))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Family._meta.db_table} WHERE id = %s", [family.pk])
    assert _rows(Deadline, authority, family.pk) == 0
    assert _rows(Escalation, authority, family.pk) == 0


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("model", [Deadline, Escalation])
def test_on_postgresql_a_row_cannot_name_a_family_that_does_not_exist(model):
    deadline = DeadlineFactory()
    row = deadline if model is Deadline else EscalationFactory(deadline=deadline)
    missing = Family.framework_objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.for_authority(row.authority).filter(pk=row.pk).update(family_id=missing)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_a_row_reads_its_family_only_in_its_own_authority():
    mine = DeadlineFactory()
    theirs = FamilyFactory()
    assert Deadline.objects.for_authority(mine.authority).get(pk=mine.pk).family == mine.family
    stray = Deadline.objects.for_authority(mine.authority).get(pk=mine.pk)
    stray.family_id = theirs.pk  # as a stray id would read; the foreign key forbids storing it
    assert stray.family is None
    assert attach_families([stray])[0].family is None
    assert (
        attach_families([Deadline.objects.for_authority(mine.authority).get(pk=mine.pk)])[0].family
        == mine.family
    )
