"""A child's plan names the conferences that started and ended it, and a plan item the conference's
action it was copied from, by id: cases sits below conferences. The conferences app keeps the
deletion rules the foreign keys had, and on PostgreSQL owns the foreign keys themselves."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from cases.models import ChildProtectionPlan, PlanItem
from conferences.models import Conference, OutlinePlan, OutlinePlanItem
from tests.factories import ChildProtectionPlanFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def _action(conference: Conference) -> OutlinePlanItem:
    outline = OutlinePlan.framework_objects.create(authority=conference.authority, conference=conference)
    return OutlinePlanItem.framework_objects.create(
        authority=conference.authority, plan=outline, kind="action", text="Mum sees the GP"
    )


@pytest.mark.parametrize("link", ["started_at_conference", "ended_at_conference"])
def test_a_conference_that_started_or_ended_a_plan_cannot_be_deleted(link):
    conference = ConferenceFactory()
    plan = ChildProtectionPlanFactory(child__family=conference.family, **{link: conference})
    # Refused while deleting (a receiver, not the collector), so the deletion's transaction goes.
    with pytest.raises(ProtectedError), transaction.atomic():
        conference.delete()
    assert Conference.objects.for_authority(conference.authority).filter(pk=conference.pk).exists()
    assert (
        getattr(ChildProtectionPlan.objects.for_authority(plan.authority).get(pk=plan.pk), link) == conference
    )


def test_a_conference_no_plan_names_can_be_deleted_with_its_outline_plan():
    conference = ConferenceFactory()
    ChildProtectionPlanFactory(child__family=conference.family)
    _action(conference)
    conference.delete()
    assert not OutlinePlanItem.objects.for_authority(conference.authority).exists()


def test_deleting_a_conferences_action_leaves_its_copies_unlinked():
    conference = ConferenceFactory()
    action = _action(conference)
    plan = ChildProtectionPlanFactory(child__family=conference.family, started_at_conference=conference)
    copy = PlanItem.framework_objects.create(
        authority=plan.authority, plan=plan, kind="action", text=action.text, copied_from=action
    )
    assert PlanItem.objects.for_authority(plan.authority).get(pk=copy.pk).copied_from == action
    action.delete()
    copy = PlanItem.objects.for_authority(plan.authority).get(pk=copy.pk)
    assert copy.copied_from_id is None and copy.copied_from is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the foreign keys are PostgreSQL's")
@pytest.mark.parametrize("column", ["started_at_conference_id", "ended_at_conference_id"])
def test_on_postgresql_a_plan_cannot_name_a_conference_that_does_not_exist(column):
    plan = ChildProtectionPlanFactory()
    missing = (Conference.framework_objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.for_authority(plan.authority).filter(pk=plan.pk).update(
            **{column: missing}
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
