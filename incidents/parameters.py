"""The query parameters each public endpoint reads: IncidentFilter's, plus the endpoint's own.

A parameter nothing reads changes nothing, so a misspelt one (?governate=baghdad) would
answer with every incident as though it had filtered. Data endpoints refuse it with a 400
that names it and the parameters they read; pages render and say what they ignored.
"""

import difflib
from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext, gettext_noop

from .filters import IncidentFilter

# A numbered page that is none (page=0, page=ten, a page past the last), on the list and the API.
NO_SUCH_PAGE = gettext_noop("page must be a whole number from 1 to %(last)s (the last page).")

# A parameter the endpoint doesn't read: it names it, and the ones it reads.
UNKNOWN = gettext_noop("Unknown parameter “%(name)s”; the parameters here are: %(known)s.")
UNKNOWN_LIKELY_MEANT = gettext_noop(
    "Unknown parameter “%(name)s” (did you mean “%(close)s”?); the parameters here are: %(known)s."
)
TAKES_NONE = gettext_noop("Unknown parameter “%(name)s”; this endpoint takes no parameters.")


def bad_request(errors):
    """A data endpoint's answer to a query it can't read: {"errors": {parameter: [messages]}}."""
    return JsonResponse({"errors": errors}, status=400)


def known_parameters(*own, filterset_class=IncidentFilter):
    """The filter's parameters (none without a filter) and the endpoint's own."""
    return frozenset({*(filterset_class.base_filters if filterset_class else ()), *own})


def unknown_parameters(query, known):
    return [name for name in query if name not in known]


def unknown_parameter_errors(query, known):
    """{parameter: [message]} for each parameter of the query that the endpoint doesn't read, in
    the request's language (the API's is English)."""
    return {name: [unknown_parameter_message(name, known)] for name in unknown_parameters(query, known)}


def unknown_parameter_message(name, known):
    """What is wrong with parameter `name`, with the known one it likely meant, if any."""
    if not known:
        return gettext(TAKES_NONE) % {"name": name}
    close = difflib.get_close_matches(name, known, n=1)
    values = {"name": name, "known": ", ".join(sorted(known)), "close": close[0] if close else ""}
    return gettext(UNKNOWN_LIKELY_MEANT if close else UNKNOWN) % values


def refuses_unknown_parameters(*own, filterset_class=IncidentFilter):
    """For a data endpoint's view: a parameter neither the filter nor the view reads is a 400."""
    known = known_parameters(*own, filterset_class=filterset_class)

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            errors = unknown_parameter_errors(request.GET, known)
            return bad_request(errors) if errors else view(request, *args, **kwargs)

        return checked

    return decorator


def notes_unknown_parameters(*own, filterset_class=IncidentFilter):
    """For a page's view: the page renders, and base.html shows request.ignored_parameters."""
    known = known_parameters(*own, filterset_class=filterset_class)

    def decorator(view):
        @wraps(view)
        def noting(request, *args, **kwargs):
            request.ignored_parameters = unknown_parameters(request.GET, known)
            request.read_parameters = sorted(known)
            return view(request, *args, **kwargs)

        return noting

    return decorator
