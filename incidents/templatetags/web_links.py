"""Links to the outside world from data: only web addresses become links."""

from urllib.parse import urlsplit

from django import template

register = template.Library()
WEB_SCHEMES = {"http", "https"}


@register.filter
def web_url(value):
    """The URL if it is an http(s) address, else "".

    The admin's URL fields and the importer accept only http(s), but data can also arrive
    by loaddata, a shell or SQL; a `javascript:` URL there must not become a link that runs
    script when a reader clicks it. urlsplit drops the tabs and newlines browsers ignore
    ("java\\tscript:"), so the scheme checked is the one a browser would see.
    """
    url = (value or "").strip()
    return url if urlsplit(url).scheme.lower() in WEB_SCHEMES else ""
