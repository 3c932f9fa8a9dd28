"""The foreign keys from children's plans to the conferences that started and ended them, and from
plan items to the conference's action they were copied from, owned by this app.

The cases app sits below this one, so its rows keep the ids only (`cases.0011_conference_links_kept_by_id`
dropped the constraints there); they are put back here, from above, on PostgreSQL, with the delete
behaviour they had: a conference a plan names is kept (NO ACTION here; the ORM refuses first with
ProtectedError, `conferences.case_links`), and a deleted action leaves its copies unlinked (SET NULL).

SQLite gets none: it cannot add a constraint to a table that exists without rebuilding it, and
Django rebuilds a SQLite table from the model, which has no foreign key, whenever the table changes,
so any constraint put there would go without a word. SQLite runs only the local demo; there the
ORM's rules are all that keep the links."""

from django.db import migrations

# (model in cases, column, model in conferences, on delete)
LINKS = (
    ("ChildProtectionPlan", "started_at_conference_id", "Conference", "NO ACTION"),
    ("ChildProtectionPlan", "ended_at_conference_id", "Conference", "NO ACTION"),
    ("PlanItem", "copied_from_id", "OutlinePlanItem", "SET NULL"),
)


def _name(table: str, column: str) -> str:
    return f"{table}_{column}_fk"


def add_foreign_keys(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model, column, target, on_delete in LINKS:
        table = apps.get_model("cases", model)._meta.db_table
        target_table = apps.get_model("conferences", target)._meta.db_table
        # Every row's link exists: the constraint dropped in cases 0011 held until then.
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(_name(table, column))} "
            f"FOREIGN KEY ({quote(column)}) REFERENCES {quote(target_table)} (id) "
            f"ON DELETE {on_delete} DEFERRABLE INITIALLY DEFERRED"
        )


def drop_foreign_keys(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model, column, _target, _on_delete in LINKS:
        table = apps.get_model("cases", model)._meta.db_table
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} DROP CONSTRAINT IF EXISTS {quote(_name(table, column))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_conference_links_kept_by_id"),
        ("conferences", "0009_conference_child_names"),
    ]

    operations = [migrations.RunPython(add_foreign_keys, drop_foreign_keys, elidable=False)]
