import re
from datetime import datetime
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import localise
from incidents.bidi import without_bidi_controls
from incidents.corrections import LOGGED_WORDS

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


CODE_SPAN = re.compile(r"`([^`]+)`")


@register.filter(needs_autoescape=True)
def code_spans(text, autoescape=True):
    """Escapes `text` and shows each `backticked` part as <code>: the codebook's column names
    and values, which its translations keep as the files write them."""
    escape = conditional_escape if autoescape else str
    pieces = CODE_SPAN.split(str(text))
    return mark_safe("".join(escape(p) if i % 2 == 0 else f"<code>{escape(p)}</code>" for i, p in enumerate(pieces)))


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


# The page's numbers and dates in the reader's digits and the page's language (incidents.localise).
register.filter("numerals", localise.numerals)
ENGLISH = gettext_lazy("(English)")


@register.filter
def local_date(value, style=""):
    """A date (or a moment, on the site's clock) as the page writes dates: "29 August 2020"
    ("29 Aug 2020" with style "short"), "29 آب/أغسطس 2020"."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return localise.full_date(value, abbreviated=style == "short")


def marked(text, lang):
    """A name in a <bdi>; one not in the page's language marked as such, for eyes and screen readers."""
    if lang is None:
        return format_html("<bdi>{}</bdi>", text)
    return format_html('<bdi lang="{}">{}</bdi> <span class="in-english">{}</span>', lang, text, ENGLISH)


@register.filter
def as_written(text):
    """Text shown as it was recorded (a source's title, an excerpt, a note, an alias): on
    Arabic pages, text in Latin letters is English, marked as such (marked()); text in Arabic
    script is said to be Arabic, so a Latin name inside it is read as part of it."""
    if not text:
        return ""
    if not localise.in_arabic():
        return format_html("<bdi>{}</bdi>", text)
    if localise.has_arabic_letters(str(text)):
        return format_html('<bdi lang="ar">{}</bdi>', text)
    return marked(text, "en")


@register.filter
def logged_value(value):
    """A value of the corrections log: its words for unknown and nothing in the page's language."""
    return format_html("<bdi>{}</bdi>", LOGGED_WORDS[value]) if value in LOGGED_WORDS else as_written(value)


@register.filter
def localised(obj, field="name"):
    """A group's, place's or governorate's name, or an incident's title, in the page's language
    (localise.in_page_language): on Arabic pages the English text where there is no Arabic, marked."""
    return marked(*localise.in_page_language(obj, field))


@register.filter
def place(location):
    """A place as readers see it, in the page's language: its name with its governorate, then how
    well it is known — "Hilla–Diwaniyah highway (Babil) — known to the governorate"
    (Location.known_to; an exact site says nothing)."""
    named = place_named(location)
    return format_html("{} — {}", named, location.known_to) if location.known_to else named


def place_named(location):
    """A place's name with its governorate's, "Camp Taji (Baghdad)", in the page's language, each
    name marked where it is English."""
    name, *where = [marked(text, lang) for text, lang in localise.place_parts(location)]
    return format_html("{} ({})", name, where[0]) if where else name


@register.simple_tag
def in_page_language(obj, field):
    """(text, lang) of a block of text such as a summary; lang "en": shown in English on an Arabic page."""
    return localise.in_page_language(obj, field)


@register.simple_tag(takes_context=True)
def chart_table_rows(context, rows, list_url=None):
    """The chart table's body (charts.table_rows): a row per period, its link to the list of that
    period (under `list_url`, else this page's filter_params with the period's dates), its total
    and its count per type. Written here rather than in the template: the template language
    spent most of a cold overview on these few thousand cells."""
    filter_params = context.get("filter_params")
    if filter_params is None:
        filter_params = context["request"].GET  # as {% querystring %} reads it

    def link(period):
        dates = {"first_day_after": period["start"], "first_day_before": period["end"]}
        if list_url:
            return f"{list_url}&{urlencode(dates)}"
        params = filter_params.copy()
        for name, value in dates.items():
            params[name] = value
        return f"?{params.urlencode()}"

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td class="total">{}</td>{}</tr>',
        (
            (
                link(period),
                period["label"],
                localise.numerals(total),
                format_html_join("", "<td>{}</td>", ((localise.numerals(count),) for count in counts)),
            )
            for period, counts, total in rows
        ),
    )


@register.simple_tag
def digits():
    return localise.digits()


@register.simple_tag(takes_context=True)
def digit_links(context):
    """The reader's choices of digits on an Arabic page: [(value, sample, url, is the current one)];
    each link sets the choice and comes back to this page, query string and all."""
    here = context["request"].get_full_path()
    return [
        (
            value,
            sample,
            f"{reverse('set_digits')}?{urlencode({'digits': value, 'next': here})}",
            value == localise.digits(),
        )
        for value, sample in ((localise.WESTERN, "123"), (localise.ARABIC_INDIC, "١٢٣"))
    ]


@register.simple_tag(takes_context=True)
def share_links(context, filter_params):
    """The absolute URLs of this view (the page with its filter: a permalink to cite) and of
    the chrome-less map and chart of the same filter that other sites may frame (/embed/…)."""
    request = context["request"]
    query = f"?{filter_params.urlencode()}" if filter_params else ""
    return {
        "permalink": request.build_absolute_uri(request.path + query),
        "map": request.build_absolute_uri(reverse("embed_map") + query),
        "chart": request.build_absolute_uri(reverse("embed_chart") + query),
    }
