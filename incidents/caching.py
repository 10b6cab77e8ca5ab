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
from django.db.models import Count, RowRange, Window
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
    total is the queryset's total() where it has one (IncidentQuerySet: read from the tallies).

    counted: other rows of the same incidents to count them from (a search's words:
    IncidentFilter.found_words), else the object list."""

    public = False

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, counted=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self):
        total = getattr(self.counted, "total", self.counted.count)
        return cached("count", self.counted, total, public=self.public)


class PublicCountPaginator(CachedCountPaginator):
    """For pages of published incidents only: the total survives writes to drafts."""

    public = True


# The furthest row a page may be asked to start at before the total is known: a database's offset
# is a 64-bit integer, and a page number past the end is answered with the last page anyway.
MAX_OFFSET = 2**62


class CountedWithPagePaginator(CachedCountPaginator):
    """For an order that reads every row it selects (a search ranked by relevance): the total and
    the page asked for (`asked`, a page number as the request gives it) come from one query, a
    window count beside the page's ids, where a COUNT(*) and the ordered page each read every
    match. The total is cached as CachedCountPaginator caches it.

    The window is ordered as the page is, over every row: PostgreSQL then sorts the matches once,
    below the window, computing the order's expressions (the relevance) there, instead of keeping
    each match's whole search text in the window's store to order them after it.

    Pages hold ids; rows() turns them into what the page shows. A DISTINCT query counts its rows
    before removing duplicates, and a page past the end has no row to carry the total: those are
    counted apart.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, asked=1):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.asked, self.read = asked, {}

    @cached_property
    def count(self):
        total = self.read_with_total(self.asked) if self.counts_with_page() else None
        if total is None:
            return CachedCountPaginator.count.func(self)
        return cached("count", self.object_list, lambda: total, public=self.public)

    def counts_with_page(self):
        """Whether the page's query counts the rows: not a DISTINCT one, which counts its rows
        before removing duplicates."""
        return not self.object_list.query.distinct

    def read_with_total(self, number):
        """The total, reading the ids of page `number` with it; None when `number` is no page."""
        try:
            bottom = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return None
        if not 0 <= bottom < MAX_OFFSET:
            return None
        ids, total = self.ids(bottom, bottom + self.per_page + self.orphans)
        self.read[bottom] = ids
        return total

    def ids(self, bottom, top):
        """([id, …] of the rows from bottom to top, how many rows there are in all: None when no
        row is that far)."""
        everything = RowRange(start=None, end=None)
        total = Window(Count("pk"), order_by=list(self.object_list.query.order_by), frame=everything)
        counted = self.object_list.annotate(total_rows=total).values_list("pk", "total_rows")
        rows = list(counted[bottom:top])
        return [pk for pk, _ in rows], (rows[0][1] if rows else None)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.read[bottom] if bottom in self.read else self.ids(bottom, top)[0]
        return self._get_page(self.rows(ids[: top - bottom]), number, self)

    def rows(self, ids):
        return ids


class PublicCountedWithPagePaginator(CountedWithPagePaginator):
    """For pages of published incidents only: the total survives writes to drafts."""

    public = True


class FoundWordsPaginator(PublicCountedWithPagePaginator):
    """For a search ranked by relevance that the rows of its words answer (IncidentFilter.found_words,
    `found`): the total and the page's ids from those rows (FoundWordQuerySet.ranked_page), without
    reading the matching incidents. The object list is the matches' ids."""

    def __init__(self, found, query, per_page, asked=1):
        super().__init__(found.values_list("pk", flat=True).order_by("pk"), per_page, asked=asked)
        self.found, self.query = found, query

    def counts_with_page(self):
        return True  # the page's window counts the matches made distinct

    def ids(self, bottom, top):
        return self.found.ranked_page(self.query, bottom, top)


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
