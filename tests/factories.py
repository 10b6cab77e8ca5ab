"""Small factories: the least data a test needs, with overridable defaults."""

import datetime
import itertools

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import User

from incidents.models import Claim, Governorate, Group, Incident, IncidentSource, Location, Source

_numbers = itertools.count(1)


def make_location(**fields):
    fields.setdefault("name", f"Camp {next(_numbers)}")
    fields.setdefault("governorate", Governorate.objects.get(slug="baghdad"))
    fields.setdefault("latitude", "33.529440")
    fields.setdefault("longitude", "44.277500")
    fields.setdefault("geo_precision", Location.Precision.SITE)
    return Location.objects.create(**fields)


def make_incident(**fields):
    if "location" not in fields:
        fields["location"] = make_location()
    fields.setdefault("title", f"Rocket attack {next(_numbers)}")
    fields.setdefault("type", Incident.Type.ROCKET)
    fields.setdefault("date", datetime.date(2020, 3, 11))
    fields.setdefault("status", Incident.Status.PUBLISHED)
    return Incident.objects.create(**fields)


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
    return Claim.objects.create(incident=incident, group=group, **fields)


def link_source(incident, source=None, **fields):
    fields.setdefault("excerpt", "Reports the attack.")
    return IncidentSource.objects.create(incident=incident, source=source or make_source(), **fields)


def make_staff(username, role):
    """A staff user in the Analyst or Editor group created by the migration."""
    user = User.objects.create_user(username=username, password="A-long-test-passphrase-7", is_staff=True)
    user.groups.add(AuthGroup.objects.get(name=role))
    return user
