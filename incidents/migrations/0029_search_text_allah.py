"""The stored search text refolded after normalise() learnt to join Allah written apart to the
word before it (Hizb Allah = Hizballah): the same fill as 0019's, so rows written before match
the query's new folding."""

from importlib import import_module

from django.db import migrations

fill_search_text = import_module("incidents.migrations.0019_search_text").fill_search_text


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0028_search_text_diphthongs"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
