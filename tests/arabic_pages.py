"""English left on an Arabic page: the interface text a reader sees that is still in Latin
letters, and English data the page does not mark as English.

`english_left(html, data=())` reads the page as a browser shows it — text, and the attributes
a reader or a screen reader meets (title, aria-label, alt, placeholder, a button's value) —
and returns each piece of text with a Latin word in it, and each element marked lang="en"
without the visible "(English)" marker (class "in-english") inside it or right after it.

Not read: scripts and styles; <code>, <kbd>, <samp>, <pre> and translate="no" (column names,
parameters, codes, HTML to copy); any element below <html> that says its own language (data
marked as written: lang="en" with its marker, lang="ar"); the names below that Arabic writes
in Latin letters too (file formats, standards, publishers' data sets); and `data`: strings
recorded in the database, which the analysts' workspace shows as they were typed. A table
cell marked lang="en" needs no marker: its column's heading names its language.
"""

import re
from html.parser import HTMLParser

# Written so in Arabic text too: file formats, standards, data sets, software and abbreviations.
LATIN_NAMES = {
    "CSV", "JSON", "GeoJSON", "API", "OpenAPI", "Swagger", "XLSX", "Excel", "UTF", "BOM", "Atom", "URL",
    "ACLED", "GTD", "UCDP", "GED", "NATO", "WCAG", "ISO", "CC", "BY", "DOI", "CFF", "Zenodo", "SHA",
    "Django", "Axes", "OpenStreetMap", "Leaflet", "geoBoundaries", "Natural", "Earth", "Telegram", "JavaScript",
    "MIT", "UUID", "PMF", "KH", "AAH", "US", "UN", "UTC", "ID", "YYYY-MM-DD", "Wikimedia", "Commons", "CC0",
    "ZIP", "gzip", "ODS", "OpenDocument",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_READ = {"script", "style", "code", "kbd", "samp", "pre", "template"}
SEEN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
MARKER_CLASS = "in-english"


def latin_words(text, data=None):
    """The words of `text` in Latin letters, but for names and codes (a word with a digit: C4) and,
    where `data` (a compiled pattern) matches, recorded data."""
    if data is not None:
        text = data.sub(" ", text)
    words = LATIN_WORD.findall(text)
    return [word for word in words if word not in LATIN_NAMES and len(word) > 1 and not any(c.isdigit() for c in word)]


class _Reader(HTMLParser):
    def __init__(self, data, marker):
        super().__init__(convert_charrefs=True)
        self.data = data
        self.marker = marker
        self.stack = []  # [tag, skipped, english element waiting for its marker]
        self.unmarked = None  # an English element just closed, whose marker must come next
        self.found = []

    @property
    def skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.check_marker(is_marker=MARKER_CLASS in (attrs.get("class") or "").split())
        lang = attrs.get("lang")
        needs_marker = (lang or "").startswith("en") and tag != "td" and "hreflang" not in attrs
        skipped = (
            self.skipping or tag in NOT_READ or attrs.get("translate") == "no" or (tag != "html" and lang is not None)
        )
        if not skipped:
            seen = [attrs.get(name) for name in SEEN_ATTRIBUTES]
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                seen.append(attrs.get("value"))
            for text in filter(None, seen):
                self.note(text)
        if tag not in VOID:
            english = [tag, needs_marker and not self.skipping]
            self.stack.append([tag, skipped, english if english[1] else None])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):  # close it and anything left open inside it
            if self.stack[index][0] == tag:
                closed = self.stack[index:]
                del self.stack[index:]
                waiting = next((entry[2] for entry in closed if entry[2] is not None), None)
                if waiting is not None and waiting[1]:
                    self.unmarked = waiting
                return

    def check_marker(self, is_marker):
        """A marker inside an English element, or right after it, marks it; anything else after it doesn't."""
        if is_marker:
            for entry in self.stack:
                if entry[2] is not None:
                    entry[2][1] = False
            self.unmarked = None
        elif self.unmarked is not None:
            self.found.append(f"English not marked as English: <{self.unmarked[0]} lang=en>")
            self.unmarked = None

    def handle_data(self, text):
        if text.strip():
            self.check_marker(is_marker=False)
        if self.stack and self.stack[-1][0] == "title" and self.marker and self.marker in text:
            text = text.rsplit(self.marker, 1)[1]  # a <title> can hold no element: English is marked in words
        if not self.skipping and text.strip():
            self.note(text)

    def note(self, text):
        if latin_words(text, self.data):
            self.found.append(" ".join(text.split()))


def english_left(html, data=(), marker=None):
    """Each piece of text of the page with a Latin word left once `data` is taken out, and each
    English element without its marker (`marker`: its words, which mark English in the <title>)."""
    values = sorted({value for value in data if len(value) > 1}, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in values)) if values else None
    reader = _Reader(pattern, marker)
    reader.feed(html)
    reader.close()
    if reader.unmarked is not None:
        reader.found.append(f"English not marked as English: <{reader.unmarked[0]} lang=en>")
    return reader.found
