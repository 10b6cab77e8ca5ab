from django.db import migrations, models

from incidents.tallies import drop_triggers


class Migration(migrations.Migration):
    """PlaceTally per place, type and target owner (it was per place only), so the map and the
    choropleth read it under a type, target-owner or headline filter too. Its rows are emptied here
    and counted again from the incidents by the rebuild that follows a migrate (incidents.triggers);
    the tally triggers go first, both ways, since the installed ones write rows of the other key
    until the migrate installs them again (and SQLite refuses to rebuild a table a trigger names)."""

    dependencies = [
        ("incidents", "0025_arabic_labels"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="placetally", name="place_tally_dimensions"),
        # Backwards, before the constraint per (place, duplicate) comes back over rows per type.
        migrations.RunSQL("DELETE FROM incidents_placetally", "DELETE FROM incidents_placetally"),
        migrations.AddField(
            model_name="placetally",
            name="type",
            field=models.CharField(default="", max_length=15),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="placetally",
            name="target_owner",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="placetally",
            constraint=models.UniqueConstraint(
                fields=("location", "type", "target_owner", "duplicate"), name="place_tally_dimensions"
            ),
        ),
        # Backwards this runs first: SQLite checks the triggers that name a table it rebuilds.
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
