"""JSON Lines that keep times to the microsecond, written a line at a time.

Django's JSON encoder cuts datetimes and times to milliseconds, so a backup read back
would move every history timestamp. settings.SERIALIZATION_MODULES puts this in place of
Django's own "jsonl" format (dumpdata, loaddata, backup, restore); reading is Django's.
"""

import datetime
import json

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder

    def end_object(self, obj):
        """One write per record, encoded in one go: Django's json.dump() encodes in Python and
        writes each piece of the line apart (a dozen writes a record: half of a backup's time)."""
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


Deserializer = jsonl.Deserializer
