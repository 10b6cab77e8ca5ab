"""Reads an Atom feed of the site as a reader would: its entries' title, link, summary and id."""

import xml.etree.ElementTree as ET

from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client, url_name="incident_feed"):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "id": entry.findtext(f"{ATOM}id"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]
