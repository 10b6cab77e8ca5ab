"""/incidents/sources.csv: one row per link between a filtered incident and a source it cites."""

from ..models import IncidentSource, Source
from .columns import ESCAPED, VERBATIM, choice
from .tables import BOOLEAN, INTEGER, NULLABLE_DATE, TEXT, URL, UUID, Table, TableColumn

RELIABILITY, CREDIBILITY = choice(Source.Reliability), choice(IncidentSource.Credibility)

COLUMNS = [
    TableColumn("incident_uid", "incident__uid", UUID, VERBATIM, "The incident's uid (as in the incident export)."),
    TableColumn("incident_id", "incident_id", INTEGER, VERBATIM, "The incident's id on this site."),
    TableColumn("source_id", "source_id", INTEGER, VERBATIM, "The source's number on this site (shared by incidents)."),
    TableColumn("publisher", "source__publisher", TEXT, ESCAPED, "Who published it."),
    TableColumn("title", "source__title", TEXT, ESCAPED, "Its title."),
    TableColumn("url", "source__url", URL, ESCAPED, "Its address; empty only where the source gives none."),
    TableColumn("archive_url", "source__archive_url", URL, ESCAPED, "An archived copy, or empty."),
    TableColumn("published_on", "source__published_on", NULLABLE_DATE, VERBATIM, "Its date; empty where unknown."),
    TableColumn("language", "source__language", TEXT, ESCAPED, "Its language (a code such as en, ar)."),
    TableColumn("reliability", "source__reliability", RELIABILITY, VERBATIM, "The source's grade (Admiralty A–F)."),
    TableColumn("credibility", "credibility", CREDIBILITY, VERBATIM, "The information's credibility here (1–6)."),
    TableColumn("supports", "excerpt", TEXT, ESCAPED, "What this source supports, in our own words."),
    TableColumn(
        "says_none_killed",
        "says_none_killed",
        BOOLEAN,
        VERBATIM,
        "true where this source says nobody was killed: what a 0 in the incident's killed rests on.",
    ),
    TableColumn(
        "says_none_wounded",
        "says_none_wounded",
        BOOLEAN,
        VERBATIM,
        "true where this source says nobody was wounded: what a 0 in the incident's wounded rests on.",
    ),
]


def source_rows(incidents):
    return IncidentSource.objects.filter(incident__in=incidents.order_by().values("pk")).order_by(
        "incident__date", "incident_id", "pk"
    )


SOURCES = Table("sources", "One row per link between an incident and a source.", COLUMNS, source_rows)
