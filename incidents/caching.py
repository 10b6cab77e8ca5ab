"""Heavy results (counts, charts, map aggregates) cached under the data's version.

A key holds the data version (DataVersion, changed by the database on every write)
and the exact SQL and parameters of the query the result comes from, so a result is
reused only while the data it was computed from is unchanged: a published or edited
incident shows everywhere at once, and two URLs that select the same incidents share
one entry. Where there is no version (no row), nothing is cached.
"""

import hashlib

from django.core.cache import cache
from django.utils.functional import cached_property
from django.core.paginator import Paginator

from .models import DataVersion

MISSING = object()


def query_key(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(map(str, params))


def cached(name, queryset, compute, *extra):
    """compute(), or its result for the same query at the current data version."""
    version = DataVersion.current()
    if version is None:
        return compute()
    digest = hashlib.sha256(repr((query_key(queryset), extra)).encode()).hexdigest()
    key = f"incidents:{version}:{name}:{digest}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value)
    return value


def cached_count(queryset):
    return cached("count", queryset, queryset.count)


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from the cache: no COUNT(*) over the table per page."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)
