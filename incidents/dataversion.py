"""The data version: the bottom of the app's layers, so that incidents.caching can key results
by it and the querysets (which the models are built from) can cache through caching."""

import secrets

from django.db import models


def new_database_uid():
    """A random identity for a database's cached results (DataVersion.database_uid)."""
    return secrets.token_hex(16)


class DataVersion(models.Model):
    """Two rows that the database itself changes: on every write, and on every public write.

    Triggers (incidents.triggers) set row 1 to a value never used before whenever a statement
    writes incidents, claims, places, groups, relations, sources or their links — the ORM,
    bulk inserts, COPY and raw SQL alike, in the writer's own transaction — and row 2 only
    when that write can change a public page: drafts, and their claims and source links, are
    left out. Results cached under a version (incidents.caching) can't go stale; public
    results, cached under row 2, survive analysts' work on drafts.

    A version is unique only within one database: a recreated database starts its sequence
    again, and a restored one holds other data under versions the cache may have seen. So
    each database has a random identity of its own, set by migrate (migration 0011, or
    triggers.install for rows made again after a flush) and renewed by `manage.py restore`,
    and cache keys hold it beside the version. It is read with the version, in one query.
    """

    EVERY_WRITE, PUBLIC = 1, 2

    version = models.BigIntegerField(default=0)
    database_uid = models.CharField(max_length=32, default=new_database_uid)

    @classmethod
    def current(cls, public=False, using=None):
        """(database_uid, version) now, or None where the row is missing (e.g. after a test flush).

        `using`: the database (alias) to read it from; a read replica has its own, which lags
        with its data (config.replicas).
        """
        row = cls.PUBLIC if public else cls.EVERY_WRITE
        return cls.objects.using(using).filter(pk=row).values_list("database_uid", "version").first()

    @classmethod
    def renew_database_uid(cls):
        """Nothing cached before matches again: for a database whose data was replaced."""
        cls.objects.update(database_uid=new_database_uid())
