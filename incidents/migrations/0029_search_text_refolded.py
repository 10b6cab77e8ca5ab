"""The stored search text refolded after normalise() learnt four spellings more: a diphthong's y
or w is a vowel (Ayn = Ain, Soleimani = Sulaymani), Allah written apart is one word with the
word before it (Hizb Allah = Hezbollah), a final h after a vowel goes (Basrah = Basra), and an
initialism's dots go (U.S. = US). Rows written before keep their old folding, which a query no
longer produces, until each is written again: the same fill as 0019's, once for all four."""

from importlib import import_module

from django.db import migrations

fill_search_text = import_module("incidents.migrations.0019_search_text").fill_search_text


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0028_other_event_type"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
