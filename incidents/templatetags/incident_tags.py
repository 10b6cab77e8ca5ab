from django import template
from django.conf import settings

from incidents.bidi import without_bidi_controls

register = template.Library()


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


# For text that can't hold a <bdi>, such as the page's <title>.
register.filter("without_bidi_controls", without_bidi_controls)
