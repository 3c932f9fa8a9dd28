"""A revision number per authority that changes whenever its rules or closure days change, kept by
the database itself so that no way of writing them can miss it: the ORM, `QuerySet.update()`, bulk
inserts, the admin, a data migration or hand-written SQL.

Pages read the rule set in force and the calendar on every request; `authorities.rule_set_cache`
keeps them per process, keyed by this number, and asks the database for it each time (one tiny
statement instead of three reads that build some sixty objects).

The table is the triggers' alone: no Django model maps it, so a flush or a later migration that
rebuilds a table cannot reset it. The number must never come back with other rules behind it,
even after a rolled-back transaction (tests roll back constantly): on PostgreSQL it is drawn from a
sequence, which a rollback does not rewind; SQLite has no sequence, so it is a random 64-bit number.
A TRUNCATE (PostgreSQL's flush) fires no row trigger, so one statement trigger per table moves every
authority's number on."""

from django.db import migrations

TABLES = ("authorities_ruleset", "authorities_rulesetting", "authorities_closureday")

POSTGRESQL = [
    "CREATE SEQUENCE IF NOT EXISTS cpc_rules_revision_seq",
    """CREATE TABLE IF NOT EXISTS cpc_rules_revision (
        authority bigint PRIMARY KEY,
        revision bigint NOT NULL DEFAULT nextval('cpc_rules_revision_seq')
    )""",
    """CREATE OR REPLACE FUNCTION cpc_bump_rules_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO cpc_rules_revision (authority) VALUES (NEW.authority_id)
            ON CONFLICT (authority) DO UPDATE SET revision = nextval('cpc_rules_revision_seq');
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO cpc_rules_revision (authority) VALUES (OLD.authority_id)
            ON CONFLICT (authority) DO UPDATE SET revision = nextval('cpc_rules_revision_seq');
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION cpc_bump_every_rules_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE cpc_rules_revision SET revision = nextval('cpc_rules_revision_seq');
        RETURN NULL;
    END $$""",
    "INSERT INTO cpc_rules_revision (authority) SELECT id FROM authorities_authority ON CONFLICT DO NOTHING",
]
for table in TABLES:
    POSTGRESQL += [
        f"""CREATE TRIGGER cpc_rules_revision AFTER INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION cpc_bump_rules_revision()""",
        f"""CREATE TRIGGER cpc_rules_revision_truncate AFTER TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION cpc_bump_every_rules_revision()""",
    ]

SQLITE_BUMP = (
    "INSERT INTO cpc_rules_revision (authority, revision) VALUES ({row}.authority_id, random()) "
    "ON CONFLICT (authority) DO UPDATE SET revision = random();"
)
SQLITE = [
    "CREATE TABLE IF NOT EXISTS cpc_rules_revision (authority integer PRIMARY KEY, revision integer NOT NULL)",
    "INSERT OR IGNORE INTO cpc_rules_revision (authority, revision) SELECT id, random() FROM authorities_authority",
]
for table in TABLES:
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",))):
        bumps = " ".join(SQLITE_BUMP.format(row=row) for row in rows)
        SQLITE.append(
            f"CREATE TRIGGER IF NOT EXISTS cpc_rules_revision_{table}_{event.lower()} "
            f"AFTER {event} ON {table} FOR EACH ROW BEGIN {bumps} END"
        )


def create(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS cpc_rules_revision ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS cpc_rules_revision_truncate ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS cpc_rules_revision_{table}_{event}")
    schema_editor.execute("DROP TABLE IF EXISTS cpc_rules_revision")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS cpc_bump_rules_revision()")
        schema_editor.execute("DROP FUNCTION IF EXISTS cpc_bump_every_rules_revision()")
        schema_editor.execute("DROP SEQUENCE IF EXISTS cpc_rules_revision_seq")


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0008_shipped_authorities_dfe_la_codes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
