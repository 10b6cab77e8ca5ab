"""Stored search text (incidents.search) on every searchable row, and the incidents' found text
(their own, their place's, governorate's and claims' together), filled for the rows there are;
on PostgreSQL a trigram index (pg_trgm) on the found text, which serves the search's
LIKE '% word%'. The other tables are small, or searched only by the admin: a scan will do."""

from django.db import migrations, models
from django.db.models import F

import incidents.models
from incidents import bulk
from incidents.querysets import found_text
from incidents.search import SEARCHED

BATCH = 10000
TRIGRAM_INDEXES = {"incident_found_text_trgm": ("incidents_incident", "found_text")}


def fill_search_text(apps, schema_editor):
    """Every searchable row's text as search.normalise() folds it now, then the incidents' found
    text; only rows whose text changes are written (bulk.set_text), a batch of ids at a time."""
    using = schema_editor.connection.alias if schema_editor else "default"
    for model_name, searched in SEARCHED.items():
        model = apps.get_model("incidents", model_name)
        rows = model.objects.using(using).order_by("pk").values("pk", "search_text", *searched.fields_of(model))
        last = 0
        while batch := list(rows.filter(pk__gt=last)[:BATCH]):
            changed = [(row["pk"], text) for row in batch if (text := searched.text(row)) != row["search_text"]]
            bulk.set_text(model, "search_text", changed, using)
            last = batch[-1]["pk"]
    incident = apps.get_model("incidents", "incident")
    fresh = found_text(incident)
    incident.objects.using(using).alias(fresh=fresh).exclude(found_text=F("fresh")).update(found_text=F("fresh"))


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0018_incident_publisher_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_text",
            field=incidents.models.SearchTextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="governorate",
            name="search_text",
            field=incidents.models.SearchTextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="group",
            name="search_text",
            field=incidents.models.SearchTextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="incident",
            name="search_text",
            field=incidents.models.SearchTextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="location",
            name="search_text",
            field=incidents.models.SearchTextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="incident",
            name="found_text",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="What search finds it by: its search_text, its place's, governorate's and claims' "
                "(IncidentQuerySet.refresh_found_text).",
            ),
        ),
        # Before the fill: PostgreSQL refuses CREATE INDEX on a table with pending trigger
        # events (the data-version triggers of the fill's updates) in the same transaction.
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
