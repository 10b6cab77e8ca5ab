"""Stable incident identifiers (uid, external_id) for imports; sources without a URL."""

import uuid

from django.db import migrations, models
from django.db.models import Q


def give_each_incident_a_uid(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    HistoricalIncident = apps.get_model("incidents", "HistoricalIncident")
    for pk in Incident.objects.values_list("pk", flat=True):
        uid = uuid.uuid4()
        Incident.objects.filter(pk=pk).update(uid=uid)
        HistoricalIncident.objects.filter(id=pk).update(uid=uid)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_staff_groups")]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="external_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                max_length=100,
                help_text="Its identifier in the data set it came from, e.g. ACLED's event_id_cnty.",
            ),
        ),
        migrations.AddField(
            model_name="historicalincident",
            name="external_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                max_length=100,
                help_text="Its identifier in the data set it came from, e.g. ACLED's event_id_cnty.",
            ),
        ),
        migrations.AddField(model_name="incident", name="uid", field=models.UUIDField(null=True, editable=False)),
        migrations.AddField(
            model_name="historicalincident", name="uid", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(give_each_incident_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="incident",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                help_text="Stable identifier across databases: exports carry it and imports match on it.",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="uid",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                help_text="Stable identifier across databases: exports carry it and imports match on it.",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="url",
            field=models.URLField(blank=True, max_length=1000, help_text="Empty only where the source gives none."),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="url",
            field=models.URLField(blank=True, max_length=1000, help_text="Empty only where the source gives none."),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(condition=~Q(url=""), fields=("url",), name="unique_source_url"),
        ),
    ]
