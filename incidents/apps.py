from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        from . import checks as incident_checks  # they read the models, which are loaded only now
        from . import found_words, triggers
        from .exports import stored

        pre_migrate.connect(triggers.drop_before_migrate, sender=self)
        post_migrate.connect(triggers.install_after_migrate, sender=self)
        post_migrate.connect(stored.install_after_migrate, sender=self)
        post_migrate.connect(found_words.install_after_migrate, sender=self)
        checks.register(triggers.check_installed, checks.Tags.database)
        checks.register(incident_checks.check_counted, checks.Tags.database)
