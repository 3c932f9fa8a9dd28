"""Actions copied to a child's plan before copies kept the link (`PlanItem.deadline`) run on the
OUTCOME deadline their conference opened, where it is found unambiguously.

A copy is an action whose first version carries the copying reason. Its conference's action is the
one action of the family's held conferences, held on or before the day of the copy, with the wording,
owner and date the copy had when it was made; where two or more match, or the action's deadline was
never opened (OUTCOME off) or was cancelled, or the copy runs a second deadline of its own already,
the copy stays as it was. Each link is a new version in the copy's history. A copy this missed is
linked to its action by 0009 and reaches the deadline through that link at its next change; a
migration keeps its own copy of the query, as the models it sees are the ones of its day."""

from django.db import migrations
from django.utils import timezone

COPIED_FROM_CONFERENCE = "from the conference's outline plan"
LINKED = "linked to the conference's deadline"


def _conference_deadline(apps, outline_type, family_id: int, first):
    outline = apps.get_model("conferences", "OutlinePlanItem")._default_manager
    matches = list(
        outline.filter(
            kind="action",
            plan__conference__family_id=family_id,
            plan__conference__status="held",
            plan__conference__held_on__lte=timezone.localdate(first.history_date),
            text=first.text,
            owner_name=first.owner_name,
            owner_agency_id=first.owner_agency_id,
            due_on=first.due_on,
        ).values_list("pk", flat=True)[:2]
    )
    if len(matches) != 1:
        return None
    deadlines = apps.get_model("scheduling", "Deadline")._default_manager
    return deadlines.filter(
        rule_id="OUTCOME", subject_type=outline_type, subject_id=matches[0], cancelled_at__isnull=True
    ).first()


def _has_own_deadline(apps, item) -> bool:
    """Changed since it was copied, so a second deadline runs for it: its dates are the copy's, the
    conference's deadline is not moved here, so the runtime links it at its next change."""
    item_type = (
        apps.get_model("contenttypes", "ContentType")
        ._default_manager.filter(app_label="cases", model="planitem")
        .first()
    )
    deadlines = apps.get_model("scheduling", "Deadline")._default_manager
    return deadlines.filter(
        rule_id="OUTCOME", subject_type=item_type, subject_id=item.pk, cancelled_at__isnull=True
    ).exists()


def link_copied_actions(apps, schema_editor) -> int:
    """Link each unlinked copy whose conference's deadline is found; returns how many were linked."""
    items = apps.get_model("cases", "PlanItem")
    history = apps.get_model("cases", "HistoricalPlanItem")
    outline_type = (
        apps.get_model("contenttypes", "ContentType")
        ._default_manager.filter(app_label="conferences", model="outlineplanitem")
        .first()
    )
    if outline_type is None:
        return 0
    unlinked = items._default_manager.filter(kind="action", deadline__isnull=True).select_related(
        "plan__child"
    )
    linked = 0
    for item in unlinked.iterator():
        first = history._default_manager.filter(id=item.pk).order_by("history_date", "history_id").first()
        if first is None or first.history_change_reason != COPIED_FROM_CONFERENCE:
            continue
        if _has_own_deadline(apps, item):
            continue
        deadline = _conference_deadline(apps, outline_type, item.plan.child.family_id, first)
        if deadline is None:
            continue
        item.deadline = deadline
        item.save(update_fields=["deadline"])
        values = {f.attname: getattr(item, f.attname) for f in items._meta.concrete_fields}
        history._default_manager.create(
            **values,
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=LINKED,
            history_user=None,
        )
        linked += 1
    return linked


def _forwards(apps, schema_editor) -> None:
    link_copied_actions(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_plan_action_tracking_deadline"),
        ("conferences", "0007_clash_reason_family_letters"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(_forwards, migrations.RunPython.noop)]
