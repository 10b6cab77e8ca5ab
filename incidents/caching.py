"""Heavy results (counts, charts, map aggregates) cached under the data's version.

A key holds a data version (DataVersion, changed by the database on every write, or on
every write that public pages can see), the identity of the database it belongs to (so a
recreated or restored database never meets the entries of the one before in a shared cache)
and the exact SQL and parameters of the query the result comes from, so a result is
reused only while the data it was computed from is unchanged: a published or edited
incident shows everywhere at once, and two URLs that select the same incidents share
one entry. Where there is no version (no row), nothing is cached.

A result missing from a cache the processes share is computed once: the first process to
miss takes a PostgreSQL advisory lock named by the key, and the others that miss meanwhile
wait on it, then read what it stored (computing), instead of all computing the same result
at once after every public write.
"""

import bisect
import hashlib
from contextlib import contextmanager
from itertools import accumulate

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from .dataversion import DataVersion

MISSING = object()


def query_key(queryset):
    """The query's SQL and parameters; one key for every query Django knows selects nothing
    (a lookup no row can match, such as an id beyond the column's range)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return "nothing", ()
    return sql, tuple(map(str, params))


def cached(name, queryset, compute, *extra, public=False):
    """compute(), or its result for the same query at the current data version.

    public=True: the result shows published data only (as every public page does), so it
    is kept under the version that writes to drafts leave alone.

    The version is read from the database the query reads (a read replica's lags with its
    data), before the query runs: a result is never filed under a version newer than the
    data it was computed from, so a lagging replica's result can't pass for the primary's.
    """
    current = DataVersion.current(public=public, using=queryset.db)
    if current is None:
        return compute()
    database_uid, version = current
    digest = hashlib.sha256(repr((query_key(queryset), extra)).encode()).hexdigest()
    key = f"incidents:{'public' if public else 'all'}:{database_uid}:{version}:{name}:{digest}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        with computing(key, queryset.db):
            value = cache.get(key, MISSING)  # stored by the process this one waited for
            if value is MISSING:
                value = compute()
                cache.set(key, value)
    return value


@contextmanager
def computing(key, alias):
    """Held while one process computes the result for `key`: a PostgreSQL session advisory lock
    on the database the result is read from, which the others that miss the same key wait for.

    Not taken where it can't help or could outlive its use: a cache of this process alone
    (LocMemCache: the others could not read the result), SQLite (one process writes), and inside
    a transaction (a failed query there would leave the unlock undone until the session ends).
    """
    connection = connections[alias]
    if isinstance(caches["default"], LocMemCache) or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from the cache: no COUNT(*) over the table per page; the
    total is the queryset's total() where it has one (IncidentQuerySet: read from the tallies)."""

    public = False

    @cached_property
    def count(self):
        total = getattr(self.object_list, "total", self.object_list.count)
        return cached("count", self.object_list, total, public=self.public)


class PublicCountPaginator(CachedCountPaginator):
    """For pages of published incidents only: the total survives writes to drafts."""

    public = True


class TalliedPaginator(PublicCountPaginator):
    """Pages of incidents that a tally counts (IncidentFilter.tallies): the total is the tally's.

    newest_first: the ids are in the list's default order (-date, -pk); a page then starts its
    index scan at the day it falls on, found in the tally's counts per day (cached), instead of
    skipping every newer incident: the middle of a million reads 50 ids, not 450,000.
    """

    def __init__(self, object_list, per_page, tallies, newest_first, totals=None):
        """totals: the rows the total is summed from (the same filter's MonthTally rows, fewer), else tallies."""
        super().__init__(object_list, per_page)
        self.tallies, self.newest_first = tallies, newest_first
        self.totals = tallies if totals is None else totals

    @cached_property
    def count(self):
        return cached("count", self.totals, self.totals.incident_count, public=True)

    def page(self, number):
        number = self.validate_number(number)
        if not self.newest_first or number == 1:  # the first page starts at the newest: nothing to find
            return super().page(number)
        offset = (number - 1) * self.per_page
        days, counts = cached("days", self.tallies, self.tallies.counts_by_day_newest_first, public=True)
        newer = list(accumulate(counts, initial=0))  # newer[i]: incidents on days newer than days[i]
        index = bisect.bisect_right(newer, offset) - 1
        ids = self.object_list
        if 0 <= index < len(days):
            ids, offset = ids.filter(date__lte=days[index]), offset - newer[index]
        return self._get_page(list(ids[offset : offset + self.per_page]), number, self)
