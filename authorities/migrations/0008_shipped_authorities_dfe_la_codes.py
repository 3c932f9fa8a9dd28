"""The six shipped authorities carry their real DfE LA codes (the census LEA)."""

from django.db import migrations

CODES = {
    "west-sussex": "938",
    "staffordshire": "860",
    "stoke-on-trent": "861",
    "hartlepool": "805",
    "barnsley": "370",
    "birmingham": "330",
}


def give_codes(apps, schema_editor):
    Authority = apps.get_model("authorities", "Authority")
    for slug, code in CODES.items():
        Authority.objects.filter(slug=slug, dfe_la_code="").update(dfe_la_code=code)


def take_codes(apps, schema_editor):
    Authority = apps.get_model("authorities", "Authority")
    Authority.objects.filter(slug__in=CODES).update(dfe_la_code="")


class Migration(migrations.Migration):
    dependencies = [("authorities", "0007_authority_dfe_la_code")]

    operations = [migrations.RunPython(give_codes, take_codes)]
