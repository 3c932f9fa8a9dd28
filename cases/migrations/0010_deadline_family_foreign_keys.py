"""The foreign keys from deadlines and escalations to their family, owned by this app.

The scheduling app sits below this one, so its rows keep the family's id only
(`scheduling.0006_family_kept_by_id` dropped the constraint there); the constraint is put back here,
from above, on PostgreSQL, with ON DELETE CASCADE behind the ORM's own cascade
(`cases.scheduling_links`).

SQLite gets none: it cannot add a constraint to a table that exists without rebuilding it, and
Django rebuilds a SQLite table from the model, which has no foreign key, whenever the table changes,
so any constraint put there would go without a word. SQLite runs only the local demo; there the
ORM's cascade is all that keeps the rows with their family."""

from django.db import migrations

CONSTRAINT = "{table}_family_id_fk_cases_family"


def _tables(apps) -> list[str]:
    return [apps.get_model("scheduling", model)._meta.db_table for model in ("Deadline", "Escalation")]


def add_foreign_keys(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    family = apps.get_model("cases", "Family")._meta.db_table
    quote = schema_editor.quote_name
    for table in _tables(apps):
        # Every row's family exists: the constraint dropped in scheduling 0006 held until then.
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(CONSTRAINT.format(table=table))} "
            f"FOREIGN KEY (family_id) REFERENCES {quote(family)} (id) "
            "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
        )


def drop_foreign_keys(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table in _tables(apps):
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} DROP CONSTRAINT IF EXISTS {quote(CONSTRAINT.format(table=table))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_plan_item_copied_from_action"),
        ("scheduling", "0006_family_kept_by_id"),
    ]

    operations = [migrations.RunPython(add_foreign_keys, drop_foreign_keys, elidable=False)]
