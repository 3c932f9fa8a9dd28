"""Deadlines and escalations keep the id of the family they belong to, not a foreign key to it.

The family model lives in the cases app, above this one, and an app refers only to the apps below it.
The column and its data stay as they were (`family_id`, indexed); only the foreign key constraint
goes here, and the cases app's migration `0010_deadline_family_foreign_keys` puts it back from above,
with the cascade on delete. Historical rows never had a constraint."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0005_dashboard_deadline_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Until the cases app adds its own, the rows keep no constraint; the table and its index
            # stay (SQLite rebuilds the table without the reference, PostgreSQL drops the constraint).
            database_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="family",
                    field=models.ForeignKey(
                        "cases.Family",
                        on_delete=django.db.models.deletion.CASCADE,
                        null=True,
                        blank=True,
                        related_name="+",
                        db_constraint=False,
                    ),
                )
                for model in ("deadline", "escalation")
            ],
            state_operations=[
                migrations.RemoveIndex(
                    model_name="deadline",
                    name="scheduling__authori_a83c32_idx",
                ),
                migrations.RemoveField(
                    model_name="deadline",
                    name="family",
                ),
                migrations.RemoveField(
                    model_name="escalation",
                    name="family",
                ),
                migrations.RemoveField(
                    model_name="historicaldeadline",
                    name="family",
                ),
                migrations.RemoveField(
                    model_name="historicalescalation",
                    name="family",
                ),
                migrations.AddField(
                    model_name="deadline",
                    name="family_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="The case (family) this belongs to, if any.",
                        null=True,
                    ),
                ),
                migrations.AddField(
                    model_name="escalation",
                    name="family_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="The case (family) this belongs to, if any.",
                        null=True,
                    ),
                ),
                migrations.AddField(
                    model_name="historicaldeadline",
                    name="family_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="The case (family) this belongs to, if any.",
                        null=True,
                    ),
                ),
                migrations.AddField(
                    model_name="historicalescalation",
                    name="family_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="The case (family) this belongs to, if any.",
                        null=True,
                    ),
                ),
                migrations.AddIndex(
                    model_name="deadline",
                    index=models.Index(
                        fields=["authority", "family_id"], name="scheduling__authori_a83c32_idx"
                    ),
                ),
            ],
        ),
    ]
