"""An Atom feed of newly published incidents, so readers need not scrape the site."""

from functools import partial

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .bidi import without_bidi_controls
from .caching import cached
from .models import Incident

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
