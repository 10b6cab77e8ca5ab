"""The data version: the bottom of the app's layers, so that incidents.caching can key results
by it and the querysets (which the models are built from) can cache through caching."""

from django.db import models


class DataVersion(models.Model):
    """Two rows that the database itself changes: on every write, and on every public write.

    Triggers (incidents.triggers) set row 1 to a value never used before whenever a statement
    writes incidents, claims, places, groups, relations, sources or their links — the ORM,
    bulk inserts, COPY and raw SQL alike, in the writer's own transaction — and row 2 only
    when that write can change a public page: drafts, and their claims and source links, are
    left out. Results cached under a version (incidents.caching) can't go stale; public
    results, cached under row 2, survive analysts' work on drafts.
    """

    EVERY_WRITE, PUBLIC = 1, 2

    version = models.BigIntegerField(default=0)

    @classmethod
    def current(cls, public=False):
        """The version now, or None where the row is missing (e.g. after a test flush)."""
        row = cls.PUBLIC if public else cls.EVERY_WRITE
        return cls.objects.filter(pk=row).values_list("version", flat=True).first()
