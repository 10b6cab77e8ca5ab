"""/incidents/claims.csv: one row per claim (claimed, attributed, suspected, denied) of the filtered incidents.

`who` is what the incident export's claimed_by / attributed_to / suspected / denied_by cells
list: the group's name, or the actor described where the claim names no group. `source_id`
joins a claim to the sources.csv row of the source it rests on.
"""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_noop

from ..models import Claim, Confidence
from .columns import ESCAPED, VERBATIM, choice
from .tables import INTEGER, NULLABLE_DATE, NULLABLE_INTEGER, TEXT, URL, UUID, Table, TableColumn

COLUMNS = [
    TableColumn(
        "incident_uid", "incident__uid", UUID, VERBATIM, gettext_noop("The incident's uid (as in the incident export).")
    ),
    TableColumn("incident_id", "incident_id", INTEGER, VERBATIM, gettext_noop("The incident's id on this site.")),
    TableColumn("claim_id", "id", INTEGER, VERBATIM, gettext_noop("The claim's number on this site.")),
    TableColumn(
        "kind", "kind", choice(Claim.Kind), VERBATIM, gettext_noop("What the statement says about responsibility.")
    ),
    TableColumn(
        "who", "who", TEXT, ESCAPED, gettext_noop("The group's name, or the actor described where no group is named.")
    ),
    TableColumn(
        "group", "group__slug", TEXT, ESCAPED, gettext_noop("The group's slug, or empty where an actor is described.")
    ),
    TableColumn("stated_by", "stated_by", TEXT, ESCAPED, gettext_noop("Who made the statement, or empty.")),
    TableColumn(
        "stated_on", "stated_on", NULLABLE_DATE, VERBATIM, gettext_noop("When it was made; empty where unknown.")
    ),
    TableColumn("channel", "channel", choice(Claim.Channel), VERBATIM, gettext_noop("How it was made.")),
    TableColumn(
        "confidence",
        "confidence",
        choice(Confidence),
        VERBATIM,
        gettext_noop("How sure we are the statement was made."),
    ),
    TableColumn("url", "url", URL, ESCAPED, gettext_noop("A link to the statement, or empty.")),
    TableColumn(
        "source_id",
        "source_id",
        NULLABLE_INTEGER,
        VERBATIM,
        gettext_noop(
            "The source it rests on: sources.csv's source_id (join on incident_id and source_id); empty where none."
        ),
    ),
    TableColumn(
        "source_publisher", "source__publisher", TEXT, ESCAPED, gettext_noop("That source's publisher, or empty.")
    ),
    TableColumn("source_title", "source__title", TEXT, ESCAPED, gettext_noop("That source's title, or empty.")),
    TableColumn("source_url", "source__url", URL, ESCAPED, gettext_noop("That source's address, or empty.")),
    TableColumn("note", "note", TEXT, ESCAPED, gettext_noop("Our note on the statement, or empty.")),
]


def claim_rows(incidents):
    return (
        Claim.objects.filter(incident__in=incidents.order_by().values("pk"))
        .annotate(who=Coalesce(F("group__name"), F("actor")))
        .order_by("incident__date", "incident_id", "pk")
    )


CLAIMS = Table("claims", "One row per statement of responsibility.", COLUMNS, claim_rows)
