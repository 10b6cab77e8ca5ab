"""The stored search text refolded after normalise() learnt that a diphthong's y or w is a vowel
(Ayn = Ain): rows written before keep their old folding, which a query no longer produces, so
"Ain al-Asad" would find nothing until each row was saved again. The same fill as 0019's."""

from importlib import import_module

from django.db import migrations

fill_search_text = import_module("incidents.migrations.0019_search_text").fill_search_text


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0027_covering_indexes"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
