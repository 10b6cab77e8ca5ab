"""The stored search text refolded after normalise() learnt that a final h after a vowel goes
(the ta marbuta written -ah or -a: Basrah = Basra): the same fill as 0019's, so rows written
before match the query's new folding."""

from importlib import import_module

from django.db import migrations

fill_search_text = import_module("incidents.migrations.0019_search_text").fill_search_text


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0029_search_text_allah"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
