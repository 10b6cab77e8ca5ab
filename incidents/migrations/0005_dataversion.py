"""The data version row and the triggers that change it on every write (see DataVersion)."""

from django.db import migrations, models

WATCHED_TABLES = [
    "incidents_incident",
    "incidents_claim",
    "incidents_location",
    "incidents_group",
    "incidents_grouprelation",
    "incidents_source",
    "incidents_incidentsource",
    "incidents_governorate",
]

# PostgreSQL: a statement-level trigger, and a sequence so that a rolled-back version is never reused.
POSTGRESQL_FUNCTION = """
CREATE SEQUENCE incidents_data_version_seq;
CREATE FUNCTION incidents_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE incidents_dataversion SET version = nextval('incidents_data_version_seq');
    RETURN NULL;
END $$;
"""
POSTGRESQL_TRIGGER = """
CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION incidents_data_changed();
"""
# SQLite has only row-level triggers and no sequences: a random 64-bit value is never reused in practice.
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_{event}_changed AFTER {event} ON {table}
BEGIN UPDATE incidents_dataversion SET version = random(); END;
"""
EVENTS = ("insert", "update", "delete")


def create_triggers(apps, schema_editor):
    apps.get_model("incidents", "DataVersion").objects.using(schema_editor.connection.alias).create(pk=1)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        for table in WATCHED_TABLES:
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table))
    elif schema_editor.connection.vendor == "sqlite":
        for table in WATCHED_TABLES:
            for event in EVENTS:
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))
    else:
        raise NotImplementedError(f"No data-version triggers for {schema_editor.connection.vendor}")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in WATCHED_TABLES:
            schema_editor.execute(f"DROP TRIGGER {table}_changed ON {table}")
        schema_editor.execute("DROP FUNCTION incidents_data_changed(); DROP SEQUENCE incidents_data_version_seq;")
    else:
        for table in WATCHED_TABLES:
            for event in EVENTS:
                schema_editor.execute(f"DROP TRIGGER {table}_{event}_changed")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_incident_uid_source_url_optional")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
