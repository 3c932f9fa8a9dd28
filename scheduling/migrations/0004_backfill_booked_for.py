"""Deadlines opened before `booked_for` existed: record the conference or first core group already
booked for them, so the sweep does not escalate them as "nothing booked"."""

from django.db import migrations
from django.utils import timezone

BOOKED = ("scheduled", "in_progress", "held")


def backfill(apps, schema_editor):
    Deadline = apps.get_model("scheduling", "Deadline")
    Conference = apps.get_model("conferences", "Conference")
    ContentType = apps.get_model("contenttypes", "ContentType")
    conference_type = ContentType.objects.filter(app_label="conferences", model="conference").first()
    discussion_type = ContentType.objects.filter(app_label="cases", model="strategydiscussion").first()
    open_rows = Deadline._default_manager.filter(
        met_on__isnull=True, cancelled_at__isnull=True, booked_for__isnull=True
    )
    conferences = Conference._default_manager.filter(status__in=BOOKED).order_by("starts_at")
    for deadline in open_rows.filter(rule_id="ICPC-15WD", subject_type=discussion_type):
        first = conferences.filter(kind="initial", strategy_discussion_id=deadline.subject_id).first()
        if first is not None:
            deadline.booked_for = timezone.localdate(first.starts_at)
            deadline.save(update_fields=["booked_for"])
    for deadline in open_rows.filter(rule_id__in=("RCPC1-3M", "RCPCN-6M"), subject_type=conference_type):
        first = conferences.filter(kind="review", previous_id=deadline.subject_id).first()
        if first is not None:
            deadline.booked_for = timezone.localdate(first.starts_at)
            deadline.save(update_fields=["booked_for"])
    for deadline in open_rows.filter(rule_id="CG1-10WD", subject_type=conference_type):
        conference = Conference._default_manager.filter(pk=deadline.subject_id).first()
        if conference is not None and conference.first_core_group_at is not None:
            deadline.booked_for = timezone.localdate(conference.first_core_group_at)
            deadline.save(update_fields=["booked_for"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0003_deadline_booked_for"),
        ("conferences", "0003_chair_live"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
