"""/incidents/sources.csv: one row per link between a filtered incident and a source it cites."""

from django.utils.translation import gettext_noop

from ..models import IncidentSource, Source
from .columns import ESCAPED, VERBATIM, choice
from .tables import BOOLEAN, INTEGER, NULLABLE_DATE, TEXT, URL, UUID, Table, TableColumn

RELIABILITY, CREDIBILITY = choice(Source.Reliability), choice(IncidentSource.Credibility)

COLUMNS = [
    TableColumn(
        "incident_uid", "incident__uid", UUID, VERBATIM, gettext_noop("The incident's uid (as in the incident export).")
    ),
    TableColumn("incident_id", "incident_id", INTEGER, VERBATIM, gettext_noop("The incident's id on this site.")),
    TableColumn(
        "source_id",
        "source_id",
        INTEGER,
        VERBATIM,
        gettext_noop("The source's number on this site (shared by incidents)."),
    ),
    TableColumn("publisher", "source__publisher", TEXT, ESCAPED, gettext_noop("Who published it.")),
    TableColumn("title", "source__title", TEXT, ESCAPED, gettext_noop("Its title.")),
    TableColumn(
        "url", "source__url", URL, ESCAPED, gettext_noop("Its address; empty only where the source gives none.")
    ),
    TableColumn("archive_url", "source__archive_url", URL, ESCAPED, gettext_noop("An archived copy, or empty.")),
    TableColumn(
        "published_on", "source__published_on", NULLABLE_DATE, VERBATIM, gettext_noop("Its date; empty where unknown.")
    ),
    TableColumn("language", "source__language", TEXT, ESCAPED, gettext_noop("Its language (a code such as en, ar).")),
    TableColumn(
        "reliability", "source__reliability", RELIABILITY, VERBATIM, gettext_noop("The source's grade (Admiralty A–F).")
    ),
    TableColumn(
        "credibility", "credibility", CREDIBILITY, VERBATIM, gettext_noop("The information's credibility here (1–6).")
    ),
    TableColumn("supports", "excerpt", TEXT, ESCAPED, gettext_noop("What this source supports, in our own words.")),
    TableColumn(
        "says_none_killed",
        "says_none_killed",
        BOOLEAN,
        VERBATIM,
        gettext_noop("true where this source says nobody was killed: what a 0 in the incident's killed rests on."),
    ),
    TableColumn(
        "says_none_wounded",
        "says_none_wounded",
        BOOLEAN,
        VERBATIM,
        gettext_noop("true where this source says nobody was wounded: what a 0 in the incident's wounded rests on."),
    ),
]


def source_rows(incidents):
    return IncidentSource.objects.filter(incident__in=incidents.order_by().values("pk")).order_by(
        "incident__date", "incident_id", "pk"
    )


SOURCES = Table("sources", "One row per link between an incident and a source.", COLUMNS, source_rows)
