"""Thin views: IncidentFilter over Incident.objects.published() decides what; these present it."""

from datetime import date
from functools import partial

from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage
from django.http import FileResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from . import charts, exports, localise, maps
from .caching import FoundWordsPaginator, PublicCountedWithPagePaginator, PublicCountPaginator, TalliedPaginator, cached
from .date_input import DateInputError, parse_date
from .exports import xlsx
from .exports.claims import CLAIMS
from .exports.sources import SOURCES
from .exports.tables import table_csv_chunks
from .filters import IncidentFilter
from .models import Claim, Group, GroupRelation, GroupTally, Incident, IncidentSource
from .parameters import NO_SUCH_PAGE, bad_request, notes_unknown_parameters, refuses_unknown_parameters

PAGE_SIZE = 50
LATEST = 10
# The overview's own parameters, read by its scripts and kept in its permalinks, never sent
# on to the data endpoints: the map's layer (clusters or governorates) and the playback's
# step and span (the step shown is the date filter itself, so the permalink works without JS).
MAP_LAYERS = ("clusters", "governorates")
PLAY_STEPS = ("day", "week", "month")  # static/js/playback.js
PLAYBACK_PARAMETERS = ("play", "play_from", "play_to")
PAGE_ONLY_PARAMETERS = ("layer", *PLAYBACK_PARAMETERS)
GROUP_PAGE_INCIDENTS = 50


def incident_filter(request):
    return IncidentFilter(request.GET, queryset=Incident.objects.published())


def page_filter(request, own=PAGE_ONLY_PARAMETERS):
    """incident_filter() of a page with a map (the overview, the embedded map), whose own parameters
    (`own`, of PAGE_ONLY_PARAMETERS) that can't be read are its errors too: its scripts would
    otherwise show another view than the URL names (the clusters for a mistyped layer, no playback)."""
    filterset = incident_filter(request)
    for error in page_parameter_errors({name: value for name, value in request.GET.items() if name in own}):
        filterset.form.add_error(None, error)
    return filterset


def page_parameter_errors(query):
    errors = []
    if query.get("layer") and query["layer"] not in MAP_LAYERS:
        errors.append(gettext("The map's layer must be one of: %(values)s.") % {"values": ", ".join(MAP_LAYERS)})
    if query.get("play") and query["play"] not in PLAY_STEPS:
        errors.append(gettext("The playback's step must be one of: %(values)s.") % {"values": ", ".join(PLAY_STEPS)})
    for name in ("play_from", "play_to"):  # the filter's own dates, as it reads them
        if query.get(name):
            try:
                parse_date(query[name])
            except DateInputError as error:
                errors.append(f"{name}: {error}")
    return errors


def chart_context(filterset):
    """The monthly chart of the filtered incidents and its table's rows, as the chart include reads them.
    Incidents spread over more months than a chart draws (charts.MAX_PERIODS: a date typed 2920 for
    2020 is enough) leave the page without its chart, saying so, never without the page."""
    try:
        chart = cached_chart(filterset, "month")
    except charts.TooManyPeriods:
        return {"chart": None, "chart_rows": [], "chart_too_long": True}
    return {"chart": chart, "chart_rows": charts.table_rows(chart)}


def map_context(request, filterset):
    """The map include's layers: the governorates' counts (the choropleth and its table) and the
    layer the URL chose (`layer`, clusters by default)."""
    layer = request.GET.get("layer")
    return {
        "governorates": governorate_counts(filterset),
        "map_layer": layer if layer in MAP_LAYERS else MAP_LAYERS[0],
    }


def frameable(view):
    """A page other sites may frame: without X-Frame-Options and with the CSP's frame-ancestors
    `*`. Every other page keeps the settings' DENY and frame-ancestors 'none'."""
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


def cached_chart(filterset, interval):
    """The chart's counts and labels; the labels are in the page's language and digits, kept apart in the cache."""
    counts = filterset.counted(by_month=interval in charts.MONTHLY_INTERVALS)
    compute = partial(charts.chart_data, counts, interval)
    return cached("chart", counts, compute, interval, get_language(), localise.digits(), public=True)


def incident_page(filterset, number):
    """One page of the list, in its order (IncidentFilter.listed): the page's ids first (an
    index-only scan, even deep in the list; a search sorted by what its words' rows carry, from
    those rows: IncidentFilter.listed_ids), then those 50 incidents with their relations; the
    total comes from the tallies (by month where they answer: caching.TalliedPaginator, which
    also finds where a newest-first page starts in the tallies by day), or the cache (a sorted
    search's from the rows of its words where they answer: IncidentFilter.found_words); for a
    search ranked by relevance, which reads every match to order them, from the query that
    reads the page: from the rows of the search's words where they answer (IncidentFilter.found_words,
    caching.FoundWordsPaginator), else from the incidents (caching.CountedWithPagePaginator)."""
    ids = filterset.listed_ids()
    tallies = filterset.tallies()
    if tallies is None and filterset.ranked() and filterset.found_words is not None:
        paginator = FoundWordsPaginator(filterset.found_words, filterset.searched_for(), PAGE_SIZE, asked=number or 1)
    elif tallies is None and filterset.ranked():
        paginator = PublicCountedWithPagePaginator(ids, PAGE_SIZE, asked=number or 1)
    elif tallies is None:
        paginator = PublicCountPaginator(ids, PAGE_SIZE, counted=filterset.found_words)
    else:
        newest_first = not filterset.sorted()
        paginator = TalliedPaginator(ids, PAGE_SIZE, tallies, newest_first, filterset.counted(by_month=True))
    page = paginator.page(asked_page(paginator, number))
    by_pk = Incident.objects.with_list_relations().in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list]
    return page


def asked_page(paginator, number):
    """The page number a request asks for (none: the first), or a ValidationError saying which
    pages there are: a page that is not a whole number, or past the end, is not read as another one."""
    try:
        return paginator.validate_number(number or 1)
    except InvalidPage:
        raise ValidationError(localise.numerals(gettext(NO_SUCH_PAGE) % {"last": paginator.num_pages})) from None


def filtered_page(request, template, context, filterset):
    """Render a page; an invalid filter shows its errors with a 400 and no results.

    `filter_params` is the query string without its page, the page's own view parameters
    (PAGE_ONLY_PARAMETERS) and the parameters the page ignored (notes_unknown_parameters):
    exports and data URLs, which refuse parameters they don't read, carry it as it is, and
    links that change a parameter
    ({% querystring filter_params sort=… %}) start from it, so none of them keeps the page.
    """
    status = 200 if filterset.is_valid() else 400
    filter_params = request.GET.copy()
    for name in ["page", *PAGE_ONLY_PARAMETERS, *getattr(request, "ignored_parameters", ())]:
        filter_params.pop(name, None)
    return render(request, template, {"filter": filterset, "filter_params": filter_params, **context}, status=status)


@require_safe
@notes_unknown_parameters(*PAGE_ONLY_PARAMETERS)
def overview(request):
    filterset = page_filter(request)
    context = {}
    if filterset.is_valid():
        incidents = filterset.qs
        context = {
            "figures": cached("figures", *filterset.headline_figures(), public=True),
            **chart_context(filterset),
            **map_context(request, filterset),
            "latest": incidents.order_by("-date", "-pk").with_list_relations()[:LATEST],
        }
    return filtered_page(request, "incidents/overview.html", context, filterset)


@require_safe
@notes_unknown_parameters("page")
def incident_list(request):
    filterset = incident_filter(request)
    context = {}
    if filterset.is_valid():
        try:
            page = incident_page(filterset, request.GET.get("page"))
        except ValidationError as error:
            filterset.form.add_error(None, error)
        else:
            context = {
                "page": page,
                "imprecise_dates": any(i.date_precision != "day" for i in page.object_list),
                "date_filtered": bool(request.GET.get("date_after") or request.GET.get("date_before")),
                "sort_date": "-date" if request.GET.get("sort") == "date" else "date",
            }
    return filtered_page(request, "incidents/incident_list.html", context, filterset)


@require_safe
def incident_detail(request, pk):
    incident = get_object_or_404(detail_queryset(Incident.objects.on_record()), pk=pk)
    if incident.status == Incident.Status.RETRACTED:
        context = {"incident": incident, "corrections": incident.corrections.all()}
        return render(request, "incidents/incident_retracted.html", context, status=410)
    return render(request, "incidents/incident_detail.html", detail_context(incident))


@require_safe
@never_cache
def incident_preview(request, pk):
    """A draft exactly as its public page will show it, marked as a draft and kept out of search
    engines; only staff who may view incidents see it (Incident.objects.previewable_by), anyone
    else gets the 404 of an incident that doesn't exist."""
    incident = get_object_or_404(detail_queryset(Incident.objects.previewable_by(request.user)), pk=pk)
    response = render(request, "incidents/incident_detail.html", {**detail_context(incident), "preview": True})
    response["X-Robots-Tag"] = "noindex"
    return response


def detail_queryset(incidents):
    return incidents.with_map_point().select_related("location__governorate", "duplicate_of")


def detail_context(incident):
    claims = incident.claims.select_related("group", "source").order_by("kind", "stated_on", "pk")
    return {
        "incident": incident,
        "claims_by_kind": [(label, [c for c in claims if c.kind == kind]) for kind, label in Claim.Kind.choices],
        "source_links": IncidentSource.objects.filter(incident=incident).select_related("source"),
        "corrections": incident.corrections.all(),
    }


@require_safe
@notes_unknown_parameters(filterset_class=None)
def group_list(request):
    groups = Group.objects.public().with_incident_counts().order_by(localise.as_shown("name"))
    groups = cached("groups", groups, partial(list, groups), public=True)
    return render(request, "incidents/group_list.html", {"groups": groups})


@require_safe
@notes_unknown_parameters(filterset_class=None)
def group_detail(request, slug):
    group = get_object_or_404(Group.objects.public(), slug=slug)
    published = Incident.objects.counted().order_by("-date", "-pk").with_list_relations()
    tallies = GroupTally.objects.filter(group=group, duplicate=False)
    kinds = {
        "claimed": group.claims.claimed(),
        "attributed": group.claims.attributed(),
        "denied": group.claims.denied(),
    }
    first_day = partial(tallies.first_days_of_newest, GROUP_PAGE_INCIDENTS, list(kinds))
    first_days = cached("first-days", tallies, first_day, GROUP_PAGE_INCIDENTS, public=True)

    def latest_incidents(kind):
        """The newest incidents of the group's claims of a kind, from the first day of the newest
        on (GroupTally's counts per day): a bounded scan, not one back through every incident."""
        latest = published.filter(pk__in=kinds[kind].values("incident"))
        if kind in first_days:
            latest = latest.filter(date__gte=first_days[kind])
        latest = latest[:GROUP_PAGE_INCIDENTS]
        return cached("group-incidents", latest, partial(list, latest), public=True)

    relations = GroupRelation.objects.public().select_related("subject", "object", "source")
    of_group = IncidentFilter({"group": [group.slug]}, queryset=Incident.objects.published())
    of_group.is_valid()
    context = {
        "group": group,
        **chart_context(of_group),
        "relations": relations.filter(subject=group),
        "inbound_relations": relations.filter(object=group),
        **{kind: latest_incidents(kind) for kind in kinds},
        "limit": GROUP_PAGE_INCIDENTS,
    }
    return render(request, "incidents/group_detail.html", context)


@require_safe
@refuses_unknown_parameters("digits", "next", filterset_class=None)
def set_digits(request):
    """The reader's digits (localise.DIGITS_COOKIE), then back to the page they came from:
    `next`, a path on this site (anything else goes to the overview)."""
    chosen = request.GET.get("digits")
    if chosen not in localise.DIGIT_CHOICES:
        return bad_request({"digits": [f"digits must be one of: {', '.join(localise.DIGIT_CHOICES)}"]})
    target = request.GET.get("next", "")
    on_this_site = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    if not on_this_site or not target.isprintable():  # a control character can't go in a Location header
        target = reverse("overview")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        localise.DIGITS_COOKIE,
        chosen,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@require_safe
@frameable
@notes_unknown_parameters("layer")
def embed_map(request):
    filterset = page_filter(request, own=("layer",))
    context = {"embed": "map", **(map_context(request, filterset) if filterset.is_valid() else {})}
    return filtered_page(request, "incidents/embed.html", context, filterset)


@require_safe
@frameable
@notes_unknown_parameters()
def embed_chart(request):
    filterset = incident_filter(request)
    context = {"embed": "chart", **(chart_context(filterset) if filterset.is_valid() else {})}
    return filtered_page(request, "incidents/embed.html", context, filterset)


@require_safe
@refuses_unknown_parameters("bbox", "zoom")
def map_geojson(request):
    filterset = incident_filter(request)
    if not filterset.is_valid():
        return bad_request(filterset.clean_errors())
    try:
        bbox = maps.parse_bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
        zoom = maps.parse_zoom(request.GET["zoom"]) if request.GET.get("zoom") else None
    except maps.BadMapParameter as error:
        return bad_request({error.parameter: [error.message]})
    collection = maps.map_collection(filterset.qs, filterset.counted(per_place=True), bbox, zoom)
    return JsonResponse(collection, content_type="application/geo+json")


def governorate_counts(filterset):
    """maps.governorate_counts of a valid filter (from its place tallies where they answer), cached,
    each governorate named in the page's language and in the order of those names (the table
    lists them as the filter form does: localise.as_shown)."""
    counted = filterset.counted(per_place=True)
    counts = cached("governorate-counts", counted, partial(maps.governorate_counts, counted), public=True)
    arabic = localise.in_arabic()
    named = [
        {**row, "label": row["arabic_name"] if arabic and row["arabic_name"] else row["name"]}
        for row in counts["governorates"]
    ]
    return {**counts, "governorates": sorted(named, key=lambda row: row["label"]) if arabic else named}


@require_safe
@refuses_unknown_parameters()
def governorates_json(request):
    """The filtered incidents per governorate, for the choropleth (and the base layer's labels)."""
    filterset = incident_filter(request)
    if not filterset.is_valid():
        return bad_request(filterset.clean_errors())
    return JsonResponse(governorate_counts(filterset))


@require_safe
@refuses_unknown_parameters("interval")
def chart_json(request):
    filterset = incident_filter(request)
    if not filterset.is_valid():
        return bad_request(filterset.clean_errors())
    interval = request.GET.get("interval", "month")
    if interval not in charts.INTERVALS:
        message = gettext("interval must be one of: %(intervals)s")
        return bad_request({"interval": [message % {"intervals": ", ".join(charts.INTERVALS)}]})
    try:
        return JsonResponse(cached_chart(filterset, interval))
    except charts.TooManyPeriods as error:
        return bad_request({"interval": [str(error)]})


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def csv_download(request, chunks, name, with_bom):
    """A streamed CSV attachment named `name-YYYY-MM-DD.csv`; with_bom: Excel on Windows reads it as UTF-8.

    A HEAD gets the same headers and no body, and the file is never written: WSGI servers
    (gunicorn among them) read a HEAD's whole body only to throw it away.
    """
    if request.method == "HEAD":
        chunks, with_bom = (), False
    response = StreamingHttpResponse(
        exports.with_bom(chunks) if with_bom else chunks, content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{date.today():%Y-%m-%d}.csv"'
    return response


def export_errors(request, filterset):
    """The 400's errors of a download's query string (its filter and its bom/excel flag), or None."""
    if not filterset.is_valid():
        return filterset.clean_errors()
    return exports.bom_errors(request.GET)


@require_safe
@refuses_unknown_parameters("format", *exports.BOM_PARAMETERS)
def export_csv(request):
    filterset = incident_filter(request)
    if errors := export_errors(request, filterset):
        return bad_request(errors)
    layout = request.GET.get("format", "native")
    if layout not in exports.CSV_LAYOUTS:
        return bad_request({"format": [f"format must be one of: {', '.join(exports.CSV_LAYOUTS)}"]})
    rows = exports.csv_stream(filterset.qs, site_url(request), layout)
    suffix = "" if layout == "native" else f"-{layout}"
    return csv_download(request, rows, f"incidents{suffix}", exports.wants_bom(request.GET))


def table_export(table):
    """The view of a long-format CSV (claims, sources) of the filtered incidents."""

    @require_safe
    @refuses_unknown_parameters(*exports.BOM_PARAMETERS)
    def view(request):
        filterset = incident_filter(request)
        if errors := export_errors(request, filterset):
            return bad_request(errors)
        chunks = table_csv_chunks(table, filterset.qs)
        return csv_download(request, chunks, f"incidents-{table.name}", exports.wants_bom(request.GET))

    return view


export_claims_csv = table_export(CLAIMS)
export_sources_csv = table_export(SOURCES)


@require_safe
@refuses_unknown_parameters()
def export_xlsx(request):
    """The spreadsheet is written to a temporary file first, then sent from it in chunks."""
    filterset = incident_filter(request)
    if not filterset.is_valid():
        return bad_request(filterset.clean_errors())
    try:
        workbook = xlsx.workbook_file(filterset.qs, site_url(request))
    except xlsx.TooManyRows as error:
        return bad_request({"rows": [str(error)]})
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=f"incidents-{date.today():%Y-%m-%d}.xlsx",
        content_type=xlsx.CONTENT_TYPE,
    )
