"""Each action copied to a child's plan from a conference's outline plan links to the action it came
from (`PlanItem.copied_from`), whatever OUTCOME's mode, so done is kept in step without a deadline.

Copies made before the link find their action as the copies linked to a deadline did
(`0008_link_copied_plan_actions`): a copy linked to the conference's deadline already came from that
deadline's action; any other copy (an action whose first version carries the copying reason) came
from the one action of the family's held conferences, held on or before the day of the copy, with
the wording, owner and date the copy had when it was made. Where two or more match, or none, the
copy stays unlinked. Each link is a new version in the copy's history."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

COPIED_FROM_CONFERENCE = "from the conference's outline plan"
LINKED = "linked to the conference's action"
HELP = "An action copied from the conference's outline plan: the action it came from."


def _content_type(apps, app_label: str, model: str):
    types = apps.get_model("contenttypes", "ContentType")._default_manager
    return types.filter(app_label=app_label, model=model).first()


def _by_deadline(apps, outline_type, item) -> int | None:
    """The action whose deadline the copy runs on already."""
    if item.deadline_id is None or outline_type is None:
        return None
    deadline = apps.get_model("scheduling", "Deadline")._default_manager.filter(pk=item.deadline_id).first()
    if deadline is None or deadline.subject_type_id != outline_type.pk:
        return None
    outline = apps.get_model("conferences", "OutlinePlanItem")._default_manager
    return deadline.subject_id if outline.filter(pk=deadline.subject_id).exists() else None


def _by_wording(apps, item, first) -> int | None:
    """The one action the copy matched when it was made."""
    outline = apps.get_model("conferences", "OutlinePlanItem")._default_manager
    matches = list(
        outline.filter(
            authority_id=item.authority_id,
            kind="action",
            plan__conference__family_id=item.plan.child.family_id,
            plan__conference__status="held",
            plan__conference__held_on__lte=timezone.localdate(first.history_date),
            text=first.text,
            owner_name=first.owner_name,
            owner_agency_id=first.owner_agency_id,
            due_on=first.due_on,
        ).values_list("pk", flat=True)[:2]
    )
    return matches[0] if len(matches) == 1 else None


def link_copies_to_actions(apps, schema_editor) -> int:
    """Link each copy whose action is found unambiguously; returns how many were linked."""
    items = apps.get_model("cases", "PlanItem")
    history = apps.get_model("cases", "HistoricalPlanItem")
    outline_type = _content_type(apps, "conferences", "outlineplanitem")
    unlinked = items._default_manager.filter(kind="action", copied_from__isnull=True).select_related(
        "plan__child"
    )
    linked = 0
    for item in unlinked.iterator():
        first = history._default_manager.filter(id=item.pk).order_by("history_date", "history_id").first()
        if first is None or first.history_change_reason != COPIED_FROM_CONFERENCE:
            continue
        action_id = _by_deadline(apps, outline_type, item) or _by_wording(apps, item, first)
        if action_id is None:
            continue
        item.copied_from_id = action_id
        item.save(update_fields=["copied_from"])
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
    link_copies_to_actions(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_link_copied_plan_actions"),
        ("conferences", "0009_conference_child_names"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplanitem",
            name="copied_from",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="conferences.outlineplanitem",
            ),
        ),
        migrations.AddField(
            model_name="planitem",
            name="copied_from",
            field=models.ForeignKey(
                blank=True,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="conferences.outlineplanitem",
            ),
        ),
        migrations.RunPython(_forwards, migrations.RunPython.noop),
    ]
