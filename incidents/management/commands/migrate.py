"""Django's migrate, without stopping on missing data-version triggers (incidents.E001).

migrate runs the database system checks before it starts, and a missing trigger is an
error there; but migrate is what installs the triggers again (after migrating, from
incidents.apps), including ones a new version of the code adds. So while its checks run,
that one check stands aside; every other check runs as in Django's migrate.
"""

from django.core.management.commands import migrate

from incidents import triggers


class Command(migrate.Command):
    def check(self, *args, **kwargs):
        token = triggers.MIGRATING.set(True)
        try:
            return super().check(*args, **kwargs)
        finally:
            triggers.MIGRATING.reset(token)
