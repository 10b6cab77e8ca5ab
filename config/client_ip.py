"""The client's address behind the TLS proxy, for the login lockout (django-axes).

Behind a proxy every request comes from the proxy (REMOTE_ADDR), so a lockout keyed on it
would lock a username out for everyone. Each proxy appends the address it was reached from
to X-Forwarded-For; with N trusted proxies in front (DJANGO_TRUSTED_PROXY_COUNT), the Nth
entry from the right is the client as the outermost trusted proxy saw it. Entries left of
it were written by the client and can be anything, so they are never read.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address the outermost trusted proxy saw; the proxy's own address (stricter, and
    not forgeable) where the header has fewer entries than proxies or no address there."""
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
        try:
            return str(ipaddress.ip_address(forwarded[-settings.TRUSTED_PROXY_COUNT]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
