"""The six authorities whose guidance ships with the product, with their rule sets.

The values and quotes are embedded in `_shipped_rule_sets.py` beside this file (frozen with this
migration); nothing at run time reads `shared/seeds/`.
"""

from datetime import date

from django.db import migrations

from authorities.migrations._shipped_rule_sets import SHIPPED_AUTHORITIES


def _source(source: dict) -> dict:
    return {
        "source_kind": source["kind"],
        "source_document": source.get("document", ""),
        "source_quote": source.get("quote", ""),
        "source_note": source.get("note", ""),
    }


def ship(apps, schema_editor=None):
    """Also called by the test suite to restore these rows after a transactional flush."""
    Authority = apps.get_model("authorities", "Authority")
    RuleSet = apps.get_model("authorities", "RuleSet")
    RuleSetting = apps.get_model("authorities", "RuleSetting")
    for data in SHIPPED_AUTHORITIES:
        authority, _ = Authority._default_manager.update_or_create(
            slug=data["slug"], defaults={"name": data["name"]}
        )
        effective_from = date.fromisoformat(data["effective_from"])
        if RuleSet._default_manager.filter(authority=authority, effective_from=effective_from).exists():
            continue
        framework = data["framework"]
        rule_set = RuleSet._default_manager.create(
            authority=authority,
            effective_from=effective_from,
            wt_edition=data["wt_edition"]["value"],
            wt_edition_source=data["wt_edition"]["source"],
            chair_title=data["chair_title"]["value"],
            chair_title_source=data["chair_title"]["source"],
            due_soon_working_days=data["due_soon_working_days"]["value"],
            due_soon_source=data["due_soon_working_days"]["source"],
            framework_name=framework["name"],
            framework_source=framework["source"],
            agenda=framework["agenda"],
            report_headings=framework["report_headings"],
            notes="Shipped with the product from the authority's guidance document.",
        )
        RuleSetting._default_manager.bulk_create(
            RuleSetting(
                authority=authority,
                rule_set=rule_set,
                rule_id=rule_id,
                mode=setting["mode"],
                values=setting["values"],
                **_source(setting["source"]),
            )
            for rule_id, setting in data["rules"].items()
        )


class Migration(migrations.Migration):
    dependencies = [("authorities", "0001_initial")]

    # Reversing leaves the authorities in place: other rows may point at them.
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
