import re

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from incidents.bidi import without_bidi_controls

register = template.Library()


def base_attribution():
    """The bundled base layer's credit (static/geo/README.md gives geoBoundaries' wording)."""
    return format_html(
        '{} <a href="https://www.geoboundaries.org">geoBoundaries</a>. {} · '
        '{} <a href="https://www.naturalearthdata.com">Natural Earth</a>',
        _("Administrative boundaries courtesy of"),
        _("Source: Wikimedia Commons, CC0 1.0."),
        _("Countries:"),
    )


@register.simple_tag
def map_settings():
    """Tiles, attribution, centre and zoom for a map <div>'s data-* attributes (static/js/base_map.js);
    the tiles' attribution is shown only once a tile has loaded, the base layer's always."""
    config = settings.LEAFLET_CONFIG
    _name, url, options = config["TILES"][0]
    return {
        "tiles_url": url,
        "attribution": options.get("attribution", ""),
        "base_attribution": base_attribution(),
        "center": ",".join(str(number) for number in config["DEFAULT_CENTER"]),
        "zoom": config["DEFAULT_ZOOM"],
        "min_zoom": config.get("MIN_ZOOM", 1),
        "max_zoom": config.get("MAX_ZOOM", 18),
    }


# For text that can't hold a <bdi>, such as the page's <title>.
register.filter("without_bidi_controls", without_bidi_controls)


INCIDENT_NUMBER = re.compile(r"#(\d+)\b")


@register.filter(needs_autoescape=True)
def link_incident_numbers(text, autoescape=True):
    """Escapes `text` and links each "#26" in it to that incident's page (a retraction reason
    such as "Duplicate of #26"). The page itself decides what it shows: drafts are 404."""
    escape = conditional_escape if autoescape else str
    pieces = INCIDENT_NUMBER.split(str(text))
    linked = [
        escape(piece) if i % 2 == 0 else f'<a href="{reverse("incident_detail", args=[int(piece)])}">#{piece}</a>'
        for i, piece in enumerate(pieces)
    ]
    return mark_safe("".join(linked))  # noqa: S308 - every piece of text is escaped above


@register.simple_tag(takes_context=True)
def language_links(context):
    """The page in each language (settings.LANGUAGES), with its query string, so switching
    language keeps the filter: [(code, name in that language, url, is the current one)]."""
    request = context["request"]
    current = translation.get_language()
    return [
        (
            code,
            translation.get_language_info(code)["name_local"],
            translate_url(request.get_full_path(), code),
            code == current,
        )
        for code, _ in settings.LANGUAGES
    ]


@register.simple_tag
def place(location):
    """A place as readers see it: its name in a <bdi>, then how well it is known —
    "Hilla–Diwaniyah highway (Babil) — known to the governorate" (Location.known_to)."""
    name = format_html("<bdi>{}</bdi>", location)
    return format_html("{} — {}", name, location.known_to) if location.known_to else name
