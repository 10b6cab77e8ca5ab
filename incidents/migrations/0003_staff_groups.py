"""The auth groups Analyst (adds and edits drafts) and Editor (also publishes, retracts, deletes)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["incident", "claim", "incidentsource", "location", "source", "group", "grouprelation"]
ANALYST = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")] + ["view_governorate"]
EDITOR = ANALYST + [f"delete_{model}" for model in MODELS] + ["publish_incident"]


def ensure_permissions(apps):
    """Permissions are normally made after all migrations; these groups need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def add_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Analyst", ANALYST), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Analyst", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_governorates"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(add_groups, remove_groups)]
