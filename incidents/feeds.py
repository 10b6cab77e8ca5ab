"""An Atom feed of newly published incidents, so readers need not scrape the site."""

from functools import partial

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .bidi import without_bidi_controls
from .caching import cached
from .models import Correction, Incident

FEED_ITEMS = 50


class NewlyPublished(Feed):
    feed_type = Atom1Feed
    title = "Incident tracker: newly published incidents"
    subtitle = "Attacks and related events as they are published, with their date precision, place and claims."

    def link(self):
        return reverse("incident_list")

    def items(self):
        latest = Incident.objects.newly_published().with_list_relations()[:FEED_ITEMS]
        return cached("feed", latest, partial(list, latest), public=True)

    def item_title(self, item):
        """Plain text, where no markup can isolate a direction override: the controls go."""
        return without_bidi_controls(f"{item.date_display()}: {item.title}")

    def item_description(self, item):
        """HTML for feed readers, every value escaped and every name isolated (<bdi>)."""
        claimed = format_html_join("; ", "<bdi>{}</bdi>", ((claim.who,) for claim in item.claimed_claims))
        return format_html(
            "<p>{} · <bdi>{}</bdi> · claimed by: {}</p><p>{}</p>",
            item.get_type_display(),
            item.location,
            claimed or "no claim",
            item.summary,
        )

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False


class Corrections(Feed):
    """Corrections to published incidents, the latest first: each change as the public saw it before
    and after, with the editor's note (incidents.corrections). A retracted incident's corrections
    stay on its page, without the values it no longer vouches for; they leave the feed with it."""

    feed_type = Atom1Feed
    title = "Incident tracker: corrections"
    subtitle = "Changes to published incidents, field by field (before → after), with the editors' reasons."

    def link(self):
        return reverse("incident_list")

    def items(self):
        corrections = Correction.objects.public().select_related("incident")
        return corrections.order_by("-made_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        changed = ", ".join(what for what, _, _ in item.changes)
        return without_bidi_controls(f"Corrected: {item.incident.title} ({changed})")

    def item_description(self, item):
        changes = format_html_join(
            "", "<li><bdi>{}</bdi>: <bdi>{}</bdi> → <bdi>{}</bdi></li>", (tuple(change) for change in item.changes)
        )
        return format_html("<ul>{}</ul><p><bdi>{}</bdi></p>", changes, item.note)

    def item_link(self, item):
        return f"{item.incident.get_absolute_url()}#correction-{item.pk}"

    def item_pubdate(self, item):
        return item.made_at

    def item_guid(self, item):
        return f"urn:uuid:{item.incident.uid}#correction-{item.pk}"

    item_guid_is_permalink = False
