"""Iraq's eighteen governorates with approximate centres.

The centres only draw places known no better than their governorate (shown as
approximate); they are never presented as where an incident happened.
"""

from django.db import migrations

GOVERNORATES = [
    # name, slug, Arabic name, latitude, longitude
    ("Al-Anbar", "anbar", "الأنبار", 33.10, 42.00),
    ("Al-Qadisiyyah", "qadisiyyah", "القادسية", 31.90, 45.05),
    ("Babil", "babil", "بابل", 32.50, 44.60),
    ("Baghdad", "baghdad", "بغداد", 33.33, 44.40),
    ("Basra", "basra", "البصرة", 30.45, 47.50),
    ("Dhi Qar", "dhi-qar", "ذي قار", 31.10, 46.30),
    ("Diyala", "diyala", "ديالى", 33.90, 45.10),
    ("Duhok", "duhok", "دهوك", 36.90, 43.20),
    ("Erbil", "erbil", "أربيل", 36.30, 44.20),
    ("Karbala", "karbala", "كربلاء", 32.45, 43.75),
    ("Kirkuk", "kirkuk", "كركوك", 35.40, 44.20),
    ("Maysan", "maysan", "ميسان", 31.90, 47.10),
    ("Muthanna", "muthanna", "المثنى", 30.30, 45.30),
    ("Najaf", "najaf", "النجف", 31.00, 43.60),
    ("Nineveh", "nineveh", "نينوى", 36.00, 42.60),
    ("Salah al-Din", "salah-al-din", "صلاح الدين", 34.50, 43.60),
    ("Sulaymaniyah", "sulaymaniyah", "السليمانية", 35.60, 45.50),
    ("Wasit", "wasit", "واسط", 32.60, 45.70),
]


def add_governorates(apps, schema_editor):
    Governorate = apps.get_model("incidents", "Governorate")
    for name, slug, arabic_name, latitude, longitude in GOVERNORATES:
        Governorate.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "arabic_name": arabic_name, "latitude": latitude, "longitude": longitude},
        )


def remove_governorates(apps, schema_editor):
    apps.get_model("incidents", "Governorate").objects.filter(slug__in=[g[1] for g in GOVERNORATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(add_governorates, remove_governorates)]
