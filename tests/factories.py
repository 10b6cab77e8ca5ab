"""Small factories: the least data a test needs, with overridable defaults."""

import datetime
import itertools

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import User

from incidents.models import Claim, Confidence, Governorate, Group, Incident, IncidentSource, Location, Source

_numbers = itertools.count(1)


def make_location(**fields):
    fields.setdefault("name", f"Camp {next(_numbers)}")
    fields.setdefault("governorate", Governorate.objects.get(slug="baghdad"))
    fields.setdefault("latitude", "33.529440")
    fields.setdefault("longitude", "44.277500")
    fields.setdefault("geo_precision", Location.Precision.SITE)
    return Location.objects.create(**fields)


def unsaved_incident(**fields):
    """An incident with every fact the model needs stated (it assumes none), not yet saved:
    for bulk_create, which doesn't derive date_end, it is the date."""
    if "location" not in fields:
        fields["location"] = make_location()
    fields.setdefault("title", f"Rocket attack {next(_numbers)}")
    fields.setdefault("type", Incident.Type.ROCKET)
    fields.setdefault("date", datetime.date(2020, 3, 11))
    fields.setdefault("date_end", fields["date"])
    fields.setdefault("status", Incident.Status.PUBLISHED)
    fields.setdefault("date_precision", Incident.DatePrecision.DAY)
    fields.setdefault("target", Incident.Target.MILITARY_BASE)
    fields.setdefault("confidence", Confidence.MEDIUM)
    return Incident(**fields)


def make_incident(**fields):
    incident = unsaved_incident(**fields)
    incident.save()
    return incident


def make_publishable_draft(**fields):
    """A draft with what publishing asks for (Incident.publication_problems): a summary, a
    source and a place with a governorate."""
    fields.setdefault("summary", "Rockets hit the base, the coalition said.")
    incident = make_incident(status=Incident.Status.DRAFT, **fields)
    link_source(incident)
    incident.refresh_from_db()  # linking raised its version
    return incident


def make_group(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Group {number}")
    fields.setdefault("slug", f"group-{number}")
    return Group.objects.create(**fields)


def make_source(**fields):
    number = next(_numbers)
    fields.setdefault("publisher", "Reuters")
    fields.setdefault("title", f"Report {number}")
    fields.setdefault("url", f"https://example.org/report-{number}")
    fields.setdefault("reliability", Source.Reliability.B)
    return Source.objects.create(**fields)


def make_claim(incident, group=None, **fields):
    fields.setdefault("kind", Claim.Kind.CLAIMED)
    fields.setdefault("confidence", Confidence.MEDIUM)
    return Claim.objects.create(incident=incident, group=group, **fields)


def link_source(incident, source=None, **fields):
    fields.setdefault("excerpt", "Reports the attack.")
    return IncidentSource.objects.create(incident=incident, source=source or make_source(), **fields)


def make_staff(username, role):
    """A staff user in the Analyst or Editor group created by the migration."""
    user = User.objects.create_user(username=username, password="A-long-test-passphrase-7", is_staff=True)
    user.groups.add(AuthGroup.objects.get(name=role))
    return user
