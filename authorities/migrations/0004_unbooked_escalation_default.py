"""ESCALATION gains `unbooked_within_working_days` and `unbooked_rules` (a meeting deadline
due within N working days with nothing booked is escalated). Rule sets created before this get the
product default (3 working days), marked as such in the source note; a value an administrator has
already set is kept. Fresh databases get it from `_shipped_rule_sets.py` in 0002."""

from django.db import migrations

DEFAULT_DAYS = 3
DEFAULT_RULES = ["ICPC-15WD", "CG1-10WD", "RCPC1-3M", "RCPCN-6M", "CG-6WK", "CG-2M"]
NOTE = " A meeting deadline due within 3 working days with nothing booked is escalated too: product default."


def add_default(apps, schema_editor):
    RuleSetting = apps.get_model("authorities", "RuleSetting")
    for setting in RuleSetting._default_manager.filter(rule_id="ESCALATION"):
        values = dict(setting.values or {})
        if "unbooked_within_working_days" in values:
            continue
        values["unbooked_within_working_days"] = DEFAULT_DAYS
        values.setdefault("unbooked_rules", DEFAULT_RULES)
        setting.values = values
        if NOTE.strip() not in setting.source_note:
            setting.source_note = (setting.source_note + NOTE).strip()
        setting.save(update_fields=["values", "source_note"])


class Migration(migrations.Migration):
    dependencies = [("authorities", "0003_reserved_slugs")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
