"""Places and groups are public only through a published incident, or when an editor says so.

Until now every place and group was public. Those that no incident uses were entered as
reference data (a sponsor, a base) and stay public; those named only by drafts or retracted
incidents, which leaked unreviewed work, become private until a published incident uses them.
"""

from django.db import migrations, models


def keep_reference_data_public(apps, schema_editor):
    Location = apps.get_model("incidents", "Location")
    Group = apps.get_model("incidents", "Group")
    Location.objects.filter(incidents__isnull=True).update(public=True)
    Group.objects.filter(claims__isnull=True).update(public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_incident_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="group",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before a published incident names it (editors only). A group named by a claim on a published incident is public anyway; one named only on drafts stays private.",
            ),
        ),
        migrations.AddField(
            model_name="historicalgroup",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before a published incident names it (editors only). A group named by a claim on a published incident is public anyway; one named only on drafts stays private.",
            ),
        ),
        migrations.AddField(
            model_name="historicallocation",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before any published incident happens there (editors only). A place of a published incident is public anyway; one named only by drafts stays private.",
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before any published incident happens there (editors only). A place of a published incident is public anyway; one named only by drafts stays private.",
            ),
        ),
        migrations.RunPython(keep_reference_data_public, migrations.RunPython.noop),
    ]
