"""System check incidents.W002: published incidents that count nowhere.

The rule that a published incident may be a duplicate only of a published one
(Incident.uncounted_problem) is asked on every path that links, publishes, unpublishes or
retracts. Data written before it, or around it (raw SQL, a restore of an older backup), may
still break it: such an incident is left out of every public count as a duplicate while the
one it points at is not public, so its event is counted nowhere. Nothing rewrites it on its
own — which incident should count is an editor's decision, and a migration that chose would
change the figures silently — so the check names them, as the admin's list filter
"duplicate: counted nowhere" lists them, for an editor to publish the one that counts or to
let the duplicate count. A database check: `manage.py check --database default`.
"""

from django.core import checks
from django.db import connections

from .models import Incident
from .triggers import MIGRATING

NAMED = 10


def check_counted(app_configs=None, databases=None, **kwargs):
    warnings = []
    for alias in () if MIGRATING.get() else databases or ():
        if Incident._meta.db_table not in connections[alias].introspection.table_names():
            continue
        uncounted = Incident.objects.using(alias).counted_nowhere().order_by("pk")
        found = list(uncounted.values_list("pk", "duplicate_of_id")[: NAMED + 1])
        if not found:
            continue
        listed = ", ".join(f"#{pk} (a duplicate of #{counting})" for pk, counting in found[:NAMED])
        more = f" and {uncounted.count() - NAMED} more" if len(found) > NAMED else ""
        warnings.append(
            checks.Warning(
                "Published incidents are duplicates of incidents that are not published: they count nowhere.",
                hint=f"In database {alias!r}: {listed}{more}. In the admin, filter the incidents by "
                "“duplicate: counted nowhere”; publish the incident each one points at, or empty its "
                "“Duplicate of” so that it counts.",
                obj=Incident,
                id="incidents.W002",
            )
        )
    return warnings
