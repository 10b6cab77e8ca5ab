from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# leaflet/admin.py imports GeoDjango, which needs GDAL; we use plain lat/lon fields.
SKIPPED_ADMIN_MODULES = {"leaflet"}


class AdminConfig(SimpleAdminConfig):
    """Autodiscovers every app's admin module except the ones that need GDAL."""

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIPPED_ADMIN_MODULES:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
