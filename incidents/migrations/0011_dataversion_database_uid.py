"""Each database gets a random identity that cache keys hold beside the data version.

The field's default is called once for the rows already there, so both rows of this
database get the same new identity at migrate; a restore renews it (DataVersion).
"""

from django.db import migrations, models

import incidents.dataversion
from incidents import triggers


def drop_sqlite_triggers(apps, schema_editor):
    """SQLite adds the column by rebuilding the table, which it refuses while other tables'
    triggers name it; `migrate` creates them again when it ends (incidents.triggers)."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in triggers.sqlite_statements():
            if statement.startswith("DROP TRIGGER"):
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0010_location_group_public"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dataversion",
            name="database_uid",
            field=models.CharField(default=incidents.dataversion.new_database_uid, max_length=32),
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_sqlite_triggers),  # the same, migrating back
    ]
