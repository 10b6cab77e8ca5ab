"""Only http(s) addresses from the data become links (incidents.templatetags.web_links)."""

import pytest

from incidents.templatetags.web_links import web_url


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://example.org", " HTTPS://example.org "])
def test_a_web_address_stays_a_link(url):
    assert web_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/relative",
        "",
        None,
    ],
)
def test_anything_else_is_no_link(url):
    assert web_url(url) == ""
