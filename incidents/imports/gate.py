"""The publication gate for imports: a row that would leave an incident published must pass the
admin's own rule (Incident.publication_problems), or the file is refused.

The rule is asked of the incident as the row would leave it, as values
(models.publication_problems): nothing is saved, nor built as a model instance, to ask it. The
sources and the claims' sources are not in the database yet, so their import keys
(writing.source_key) stand for their ids: the rule only asks whether each claim's source is
one of the incident's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from ..models import Incident, claim_text, publication_problems, source_problem
from .reading import Problem
from .writing import CITES, cited_key, source_key, stored_source_key


def unpublishable(plan, publish):
    """Problems for the rows the gate refuses: new rows when the import publishes, and rows that
    would leave an incident already published failing the gate where it passed (an edit of one
    published before the gate existed, which the row doesn't make worse, goes through, as the
    admin's form lets it)."""
    outcomes = [(record, None) for record in plan.new] if publish else []
    published = Incident.Status.PUBLISHED
    outcomes += [(record, incident) for record, incident in plan.changed if incident.status == published]
    problems = []
    for record, incident in sorted(outcomes, key=lambda outcome: outcome[0].line):
        before = publication_problems(*as_stored(incident)) if incident is not None else []
        for problem in publication_problems(*as_it_would_be(record, incident)):
            if problem not in before:
                message = gettext("would be published, but %(problem)s (import it as a draft, or complete the row)")
                problems.append(Problem(record.line, "", message % {"problem": problem}))
    return problems


def as_stored(incident):
    """(its summary, place, sources' keys, claims) as stored, from what the plan prefetched."""
    source_keys = {stored_source_key(link.source) for link in incident.source_links.all()}
    claims = [InMemoryClaim(claim.kind, claim.who, stored_source_key(claim.source)) for claim in incident.claims.all()]
    return incident.summary, incident.location, source_keys, claims


def as_it_would_be(record, incident):
    """(summary, place, sources' keys, claims) as `record` would leave `incident` (None: a new one);
    what the row doesn't give stays as stored."""
    given = record.given if incident is not None else None
    summary = record.summary if given is None or "summary" in given else incident.summary
    place = record.place if given is None or "location" in given else incident.location
    if given is None or "sources" in given:
        source_keys = {source_key(cited) for cited in record.sources}
    else:
        source_keys = as_stored(incident)[2]
    return summary, place, source_keys, claims_after(record, incident)


def claims_after(record, incident):
    """The claims as the row would leave them, each citing its source's key (writing.write_claims's outcome)."""
    stored = list(incident.claims.all()) if incident is not None else []
    if incident is not None and "claims" not in record.given:
        return as_stored(incident)[3]
    if CITES in record.given or incident is None:
        return [InMemoryClaim(s.kind, s.who, cited_key(record, s)) for s in record.claims]
    # Without claim_sources a stored claim the row lists again is kept as it is, its source too.
    claims = []
    for statement in record.claims:
        kept = [claim for claim in stored if (claim.kind, claim.who) == (statement.kind, statement.who)]
        claims += [InMemoryClaim(c.kind, c.who, stored_source_key(c.source)) for c in kept] or [
            InMemoryClaim(statement.kind, statement.who, None)
        ]
    return claims


@dataclass(frozen=True)
class InMemoryClaim:
    """A claim never saved, citing its source by key: what the rule asks of a Claim."""

    kind: str
    who: str
    source_id: tuple | None

    def source_problem(self, linked_source_ids):
        return source_problem(self.source_id, linked_source_ids)

    def __str__(self):
        return claim_text(self.kind, self.who)
