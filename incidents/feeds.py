"""Atom feeds of newly published incidents and of corrections, so readers need not scrape the site.

Each feed speaks its URL's language, as the pages do: /ar/incidents/feed/ is Arabic (the feed's
xml:lang is the active language), with each incident's Arabic title and summary where it has
them (localise.in_page_language) and the English text marked as English where it has not. Dates
stay RFC 3339, and links lead to the pages of the same language.
"""

from functools import partial

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import localise
from .bidi import without_bidi_controls
from .caching import cached
from .models import Correction, Incident
from .parameters import refuses_unknown_parameters
from .templatetags.incident_tags import ENGLISH, as_written, localised, logged_value, marked, place_named

FEED_ITEMS = 50


def plain_in_page_language(obj, field):
    """A title as plain text (an Atom title holds no markup) in the page's language: English on an
    Arabic page followed by its "(English)" marker, as the pages mark it."""
    text, lang = localise.in_page_language(obj, field)
    return f"{text} {ENGLISH}" if lang else text


def place_name(location):
    """The place in the page's language, "Camp Taji (Baghdad)", each name marked where it is English."""
    return place_named(location) if localise.in_arabic() else marked(str(location), None)


def summary_paragraph(incident):
    """The summary as the incident page shows it: English on an Arabic page said to be English."""
    text, lang = localise.in_page_language(incident, "summary")
    if not (lang and text):
        return format_html("<p>{}</p>", text)
    return format_html('<p lang="{}" dir="ltr">{} <span lang="ar" dir="rtl">{}</span></p>', lang, text, ENGLISH)


class TakesNoParameters:
    """A feed takes no parameters: one a reader adds (?type=rocket, ?group=…) is a 400 that says
    so, as on every data endpoint (incidents.parameters), not every incident as though it had
    filtered them."""

    def __call__(self, request, *args, **kwargs):
        feed = super().__call__
        return refuses_unknown_parameters(filterset_class=None)(feed)(request, *args, **kwargs)


class NewlyPublished(TakesNoParameters, Feed):
    feed_type = Atom1Feed
    title = _("Incident tracker: newly published incidents")
    subtitle = _("Attacks and related events as they are published, with their date precision, place and claims.")

    def link(self):
        return reverse("incident_list")

    def items(self):
        latest = Incident.objects.newly_published().with_list_relations()[:FEED_ITEMS]
        return cached("feed", latest, partial(list, latest), public=True)

    def item_title(self, item):
        """Plain text, where no markup can isolate a direction override: the controls go."""
        return without_bidi_controls(f"{item.date_display()}: {plain_in_page_language(item, 'title')}")

    def item_description(self, item):
        """HTML for feed readers, every value escaped and every name isolated (<bdi>)."""
        claimed = format_html_join(
            gettext("; "),
            "{}",
            ((localised(claim.group) if claim.group_id else as_written(claim.actor),) for claim in item.claimed_claims),
        )
        return format_html(
            "<p>{} · {} · {}</p>{}",
            item.get_type_display(),
            place_name(item.location),
            format_html(gettext("claimed by: {groups}"), groups=claimed or gettext("no claim")),
            summary_paragraph(item),
        )

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False


class Corrections(TakesNoParameters, Feed):
    """Corrections to published incidents, the latest first: each change as the public saw it before
    and after, with the editor's note (incidents.corrections). A retracted incident's corrections
    stay on its page, without the values it no longer vouches for; they leave the feed with it."""

    feed_type = Atom1Feed
    title = _("Incident tracker: corrections")
    subtitle = _("Changes to published incidents, field by field (before → after), with the editors' reasons.")

    def link(self):
        return reverse("incident_list")

    def items(self):
        corrections = Correction.objects.public().select_related("incident")
        return corrections.order_by("-made_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        changed = ", ".join(what for what, _, _ in item.changes)
        title = plain_in_page_language(item.incident, "title")
        return without_bidi_controls(gettext("Corrected: %(title)s (%(fields)s)") % {"title": title, "fields": changed})

    def item_description(self, item):
        """Field names are the export's columns (codes, in any language); the values and the note as
        the incident page shows them."""
        changes = format_html_join(
            "",
            "<li><bdi>{}</bdi>: {} → {}</li>",
            ((what, logged_value(before), logged_value(after)) for what, before, after in item.changes),
        )
        return format_html("<ul>{}</ul><p>{}</p>", changes, as_written(item.note))

    def item_link(self, item):
        return f"{item.incident.get_absolute_url()}#correction-{item.pk}"

    def item_pubdate(self, item):
        return item.made_at

    def item_guid(self, item):
        return f"urn:uuid:{item.incident.uid}#correction-{item.pk}"

    item_guid_is_permalink = False
