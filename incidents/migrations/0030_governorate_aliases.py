"""Governorates' other spellings as their aliases: the spellings ACLED, GTD and UCDP GED write
(Ninewa, Sala al-Din, Dahuk), which imports read as the governorate (they were a list in the
import's code) and which search now finds its incidents by. An analyst adds more in the admin.
Then the search texts are refilled: every incident is found by its governorate's text."""

from importlib import import_module

from django.db import migrations, models

fill_search_text = import_module("incidents.migrations.0019_search_text").fill_search_text

# By slug; spellings that neither search nor an import's key would tell from the name are left out.
SPELLINGS = {
    "basra": ["Basrah"],
    "nineveh": ["Ninewa", "Ninawa", "Ninevah", "Niniveh"],
    "dhi-qar": ["Thi-Qar"],
    "qadisiyyah": ["Qadissiya", "Al-Qadisiyah"],
    "karbala": ["Kerbala"],
    "wasit": ["Wassit"],
    "najaf": ["An Najaf"],
    "duhok": ["Dahuk", "Dohuk", "Dihok"],
    "erbil": ["Arbil", "Irbil", "Hawler"],
    "sulaymaniyah": ["Sulaimaniya", "Sulaimaniyah", "Slemani"],
    "salah-al-din": ["Sala al-Din", "Salahuddin", "Salah ad Din", "Saladin", "Salaheddin"],
    "maysan": ["Missan", "Misan"],
    "babil": ["Babylon", "Babel"],
    "kirkuk": ["At-Ta'mim", "At Ta'mim"],
    "diyala": ["Diyalah"],
}


def add_spellings(apps, schema_editor):
    governorates = apps.get_model("incidents", "governorate").objects.filter(slug__in=SPELLINGS, aliases="")
    for governorate in governorates:
        governorate.aliases = "\n".join(SPELLINGS[governorate.slug])
        governorate.save(update_fields=["aliases", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0029_search_text_refolded"),
    ]

    operations = [
        migrations.AddField(
            model_name="governorate",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Other spellings, one per line (Ninewa, Sala al-Din): search finds its incidents by them, "
                "and imports read them as this governorate.",
                verbose_name="aliases",
            ),
        ),
        migrations.RunPython(add_spellings, migrations.RunPython.noop),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
