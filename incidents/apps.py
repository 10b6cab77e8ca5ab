from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def install_data_version_triggers(sender, using, **kwargs):
    from . import triggers

    triggers.install(connections[using])


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self):
        post_migrate.connect(install_data_version_triggers, sender=self)
