"""A child's plan keeps the ids of the conferences that started and ended it, and a plan item the id
of the conference's action it was copied from, not foreign keys to them.

The conferences app sits above this one, and an app refers only to the apps below it. The columns
and their data stay as they were (indexed); only the foreign key constraints go here, and the
conferences app's migration `0010_plan_foreign_keys` puts them back from above. Historical rows
never had constraints."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_deadline_family_foreign_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Until the conferences app adds its own, the rows keep no constraint; the tables and
            # their indexes stay (SQLite rebuilds the tables without the references).
            database_operations=[
                migrations.AlterField(
                    model_name="childprotectionplan",
                    name=name,
                    field=models.ForeignKey(
                        "conferences.Conference",
                        on_delete=django.db.models.deletion.PROTECT,
                        null=True,
                        blank=True,
                        related_name="+",
                        db_constraint=False,
                    ),
                )
                for name in ("started_at_conference", "ended_at_conference")
            ]
            + [
                migrations.AlterField(
                    model_name="planitem",
                    name="copied_from",
                    field=models.ForeignKey(
                        "conferences.OutlinePlanItem",
                        on_delete=django.db.models.deletion.SET_NULL,
                        null=True,
                        blank=True,
                        related_name="+",
                        db_constraint=False,
                        help_text="An action copied from the conference's outline plan: the action it came from.",
                    ),
                )
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name="childprotectionplan",
                    name="ended_at_conference",
                ),
                migrations.RemoveField(
                    model_name="childprotectionplan",
                    name="started_at_conference",
                ),
                migrations.RemoveField(
                    model_name="historicalchildprotectionplan",
                    name="ended_at_conference",
                ),
                migrations.RemoveField(
                    model_name="historicalchildprotectionplan",
                    name="started_at_conference",
                ),
                migrations.RemoveField(
                    model_name="historicalplanitem",
                    name="copied_from",
                ),
                migrations.RemoveField(
                    model_name="planitem",
                    name="copied_from",
                ),
                migrations.AddField(
                    model_name="childprotectionplan",
                    name="ended_at_conference_id",
                    field=models.BigIntegerField(blank=True, db_index=True, null=True),
                ),
                migrations.AddField(
                    model_name="childprotectionplan",
                    name="started_at_conference_id",
                    field=models.BigIntegerField(blank=True, db_index=True, null=True),
                ),
                migrations.AddField(
                    model_name="historicalchildprotectionplan",
                    name="ended_at_conference_id",
                    field=models.BigIntegerField(blank=True, db_index=True, null=True),
                ),
                migrations.AddField(
                    model_name="historicalchildprotectionplan",
                    name="started_at_conference_id",
                    field=models.BigIntegerField(blank=True, db_index=True, null=True),
                ),
                migrations.AddField(
                    model_name="historicalplanitem",
                    name="copied_from_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="An action copied from the conference's outline plan: the action it came from.",
                        null=True,
                    ),
                ),
                migrations.AddField(
                    model_name="planitem",
                    name="copied_from_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="An action copied from the conference's outline plan: the action it came from.",
                        null=True,
                    ),
                ),
            ],
        ),
    ]
