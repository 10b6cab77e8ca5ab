"""Backups: everything analysts made, in one compressed JSON-lines file that restores all or
nothing into any supported database, and that restore checks before it trusts it.

A backup holds the records of the models in BACKED_UP — those exactly, in that order, which
is the order they are restored in: what a record points to comes before it — one JSON
object per line as Django's serializers write them (incidents.jsonl: times to the
microsecond; natural keys for roles, users and governorates, which a fresh database's
migrations have made already). Its last line says what it holds:

    {"backup": {"format": 1, "records": {"auth.group": 2, …}, "sha256": "…"}}

the number of records of each model and the SHA-256 of every line before it. restore()
refuses a file that does not end so, whose checksum or counts don't match (damaged, cut
short or edited), or that holds a record of any other model (a session, a permission, a
login-failure count: nothing a backup writes), and rolls everything back.

Restoring is set-based: records are inserted a batch at a time, as they are (created and
updated times included), with each natural key looked up once, in one transaction.
"""

import gzip
import hashlib
import json
from itertools import groupby

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer
from django.db import connection

FORMAT = 1
BACKED_UP = [
    "auth.group",
    "auth.user",
    "incidents.governorate",
    "incidents.location",
    "incidents.group",
    "incidents.grouprelation",
    "incidents.source",
    "incidents.incident",
    "incidents.claim",
    "incidents.incidentsource",
    "incidents.historicallocation",
    "incidents.historicalgroup",
    "incidents.historicalgrouprelation",
    "incidents.historicalsource",
    "incidents.historicalincident",
    "incidents.historicalclaim",
    "incidents.historicalincidentsource",
    "incidents.correction",
    "admin.logentry",
]
# Never in a backup: rebuilt by migrate (content types, permissions), transient (sessions,
# login-failure counts), internal to caching (the data version, which the database renews) or
# counts and rows the database's triggers keep as the restore inserts the rows they come from (the
# tallies, the words of the search).
NOT_BACKED_UP = [
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
    "incidents.dataversion",
    "incidents.tally",
    "incidents.monthtally",
    "incidents.grouptally",
    "incidents.grouptotal",
    "incidents.placetally",
    "incidents.foundword",
]
BATCH = 2000


class BadBackup(Exception):
    """The file is not a backup restore can trust; nothing was changed."""


class HashingWriter:
    """Text in, UTF-8 out to a binary file, with the SHA-256 of every byte and the lines written."""

    def __init__(self, binary):
        self.binary, self.sha256, self.lines = binary, hashlib.sha256(), 0

    def write(self, text):
        data = text.encode()
        self.sha256.update(data)
        self.binary.write(data)
        self.lines += text.count("\n")  # one per record: the serializer writes JSON without line breaks


def write_backup(path):
    """Writes every record of BACKED_UP to path (.jsonl.gz); returns the number of each model's."""
    counts = {}
    with gzip.open(path, "wb") as binary:
        writer = HashingWriter(binary)
        for label in BACKED_UP:
            before = writer.lines
            serializers.serialize(
                "jsonl",
                records_of(apps.get_model(label)),
                stream=writer,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            counts[label] = writer.lines - before
        trailer = {"backup": {"format": FORMAT, "records": counts, "sha256": writer.sha256.hexdigest()}}
        binary.write(json.dumps(trailer).encode() + b"\n")
    return counts


def records_of(model):
    """Every record, in id order, with the records their natural keys name read in the same query."""
    named = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and hasattr(field.related_model, "natural_key")
    ]
    return model._base_manager.order_by("pk").select_related(*named).iterator(chunk_size=BATCH)


class CachedNaturalKeys(Deserializer):
    """Django's deserializer, but each natural foreign key (a user, a governorate) is looked up
    once per restore rather than once per record: history rows name their user each time."""

    def __init__(self, *args, **options):
        super().__init__(*args, **options)
        self.found = {}

    def _handle_object(self, obj):
        """As the JSON deserializers do: whatever is wrong with a record is a DeserializationError."""
        try:
            yield from super()._handle_object(obj)
        except (GeneratorExit, DeserializationError, BadBackup):
            raise
        except Exception as error:
            raise DeserializationError(f"{obj.get('model')} record {obj.get('pk', '')}: {error}") from error

    def _handle_fk_field_node(self, field, field_value):
        if not isinstance(field_value, list):
            return super()._handle_fk_field_node(field, field_value)
        key = (field.related_model, field.remote_field.field_name, json.dumps(field_value))
        if key not in self.found:
            self.found[key] = super()._handle_fk_field_node(field, field_value)
        return self.found[key]


def restore(path):
    """Reads a backup into this database, inside the caller's transaction; returns the number
    of each model's records. Raises BadBackup (or a database or deserialization error) when the
    file can't be trusted or restored: the caller's transaction then changes nothing."""
    reading = Reading()
    with gzip.open(path, "rb") as lines:
        objects = CachedNaturalKeys(reading.records(lines))
        for model, items in groupby(objects, key=lambda item: type(item.object)):
            insert(model, items)
    reading.check_end()
    reset_sequences()
    connection.check_constraints(table_names=[apps.get_model(label)._meta.db_table for label in BACKED_UP])
    return reading.counts


class Reading:
    """The file's records as they are read, checked against BACKED_UP; then its last line."""

    def __init__(self):
        self.sha256, self.counts, self.trailer, self.position = hashlib.sha256(), {}, None, 0

    def records(self, lines):
        for number, line in enumerate(lines, 1):
            record = self.parse(number, line)
            if "backup" in record:
                self.trailer = record["backup"]
                continue
            self.sha256.update(line)
            yield self.allowed(number, record)

    def parse(self, number, line):
        if self.trailer is not None:
            raise BadBackup(f"line {number}: records after the checksum line; the file was edited")
        try:
            record = json.loads(line)
        except ValueError as error:
            raise BadBackup(f"line {number} is not JSON ({error}): the file is damaged") from None
        if not isinstance(record, dict) or not ("model" in record or "backup" in record):
            raise BadBackup(f"line {number} is neither a record nor the checksum line")
        return record

    def allowed(self, number, record):
        """The record, if its model is one a backup holds, in BACKED_UP's order."""
        label = str(record["model"]).lower()
        if label not in BACKED_UP:
            raise BadBackup(f"line {number}: {label!r} records are never in a backup (it holds {', '.join(BACKED_UP)})")
        position = BACKED_UP.index(label)
        if position < self.position:
            raise BadBackup(f"line {number}: a {label} record after {BACKED_UP[self.position]} records")
        self.position = position
        self.counts[label] = self.counts.get(label, 0) + 1
        return record

    def check_end(self):
        if self.trailer is None:
            raise BadBackup("the file ends without its checksum line: it was cut short, or is not a backup")
        if not isinstance(self.trailer, dict) or self.trailer.get("format") != FORMAT:
            raise BadBackup(f"the checksum line is not of backup format {FORMAT}")
        if self.trailer.get("sha256") != self.sha256.hexdigest():
            raise BadBackup("the SHA-256 checksum does not match: the file is damaged or was edited")
        written = {label: count for label, count in (self.trailer.get("records") or {}).items() if count}
        if written != self.counts:
            raise BadBackup(f"the file holds {self.counts} records where its checksum line says {written}")


def insert(model, items):
    """Inserts a model's records: those of models with natural keys (roles, users,
    governorates: few, and some made by migrations already) one by one as loaddata does, an
    update where the natural key exists; all others in batches, as they are (raw: created and
    updated times are the backup's, not now)."""
    if hasattr(model, "natural_key"):
        for item in items:
            item.save()
        return
    fields = model._meta.concrete_fields
    batch = []
    for item in items:
        batch.append(item.object)
        if len(batch) == BATCH:
            insert_raw(model, fields, batch)
            batch = []
    insert_raw(model, fields, batch)


def insert_raw(model, fields, objects):
    if not objects:
        return
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def reset_sequences():
    """Moves the id sequences past the restored ids (PostgreSQL), so new records don't collide."""
    models = [apps.get_model(label) for label in BACKED_UP]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
