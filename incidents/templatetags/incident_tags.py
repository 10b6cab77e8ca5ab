from django import template
from django.conf import settings

from incidents.parameters import known_parameters, unknown_parameters

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def filter_query(context):
    """The filter part of the current query string (no page, nothing the filter doesn't read),
    for exports and data URLs, which refuse parameters they don't read."""
    query = context["request"].GET.copy()
    for name in unknown_parameters(query, known_parameters()):
        del query[name]
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def unknown_if_none(value):
    return "unknown" if value is None else value


@register.simple_tag
def map_settings():
    """Tiles, attribution, centre and zoom for a map <div>'s data-* attributes (static/js/base_map.js)."""
    config = settings.LEAFLET_CONFIG
    _, url, options = config["TILES"][0]
    return {
        "tiles_url": url,
        "attribution": options.get("attribution", ""),
        "center": ",".join(str(number) for number in config["DEFAULT_CENTER"]),
        "zoom": config["DEFAULT_ZOOM"],
        "min_zoom": config.get("MIN_ZOOM", 1),
        "max_zoom": config.get("MAX_ZOOM", 18),
    }
