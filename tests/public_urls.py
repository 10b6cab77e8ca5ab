"""The public URLs, read from the URLconf: tests that must cover every one use this list."""

from django.urls import URLResolver, get_resolver


def public_patterns(patterns=None):
    """(name, path-argument names) of every URL outside /admin/, format-suffix variants included."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if not str(pattern.pattern).startswith("admin/"):
                found |= public_patterns(pattern.url_patterns)
        elif pattern.name:
            found.add((pattern.name, tuple(sorted(pattern.pattern.regex.groupindex))))
    return found


def public_url_names():
    return {name for name, _ in public_patterns()}
