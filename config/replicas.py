"""Read replicas: public reads go to a replica, everything else to the primary.

DATABASE_REPLICA_URLS (settings) names PostgreSQL streaming replicas of the primary. A
request reads from one place, chosen once by ReadReplicaMiddleware and kept in a context
variable for the request (and for the streamed body of its response):

* a public GET or HEAD, by a visitor who is not staff: one replica, chosen at random;
* anything else — a POST, every admin page, every request by staff (so editors read their
  own writes at once), and everything outside a request (management commands, shells,
  imports in the background, tests): the primary.

Writes always go to the primary, and so does every read inside a transaction on it.

A replica may lag. Cached results (incidents.caching) are filed under the data version read
from the same database as the result, before it: a lagging replica's result is filed under
its own, older version, never under the primary's newer one, so it is not served as fresh
once the replica has caught up (docs/deployment.md).
"""

import contextvars
import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

READ_FROM = ContextVar("read_from", default=DEFAULT_DB_ALIAS)
SAFE_METHODS = ("GET", "HEAD")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a read within a write sees the write
        return READ_FROM.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def reads_replica(request):
    """Whether this request may read a replica: a public GET or HEAD by someone not staff."""
    return (
        request.method in SAFE_METHODS
        and not request.path_info.startswith(reverse("admin:index"))
        and not request.user.is_staff
    )


class ReadReplicaMiddleware:
    """Chooses where the request reads (after AuthenticationMiddleware: staff read the primary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = settings.DATABASE_REPLICAS
        alias = random.choice(replicas) if replicas and reads_replica(request) else DEFAULT_DB_ALIAS  # noqa: S311
        token = READ_FROM.set(alias)
        try:
            response = self.get_response(request)
            if response.streaming and alias != DEFAULT_DB_ALIAS and not response.is_async:
                response.streaming_content = streamed_in(contextvars.copy_context(), response.streaming_content)
            return response
        finally:
            READ_FROM.reset(token)


def streamed_in(context, chunks):
    """A streamed body read after the view returned, from where the request read."""
    chunks = iter(chunks)
    while (chunk := context.run(next, chunks, None)) is not None:
        yield chunk
