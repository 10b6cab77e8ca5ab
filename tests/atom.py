"""Reads an Atom feed of the site as a reader would: its entries' title, link, summary and id."""

import xml.etree.ElementTree as ET

from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_root(client, url_name="incident_feed"):
    """The feed's <feed> element, at its URL in the active language (reverse: /ar/… under Arabic)."""
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def feed_entries(client, url_name="incident_feed"):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in feed_root(client, url_name).iter(f"{ATOM}entry")
    ]
