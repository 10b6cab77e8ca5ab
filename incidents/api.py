"""The read-only JSON API (/api/): the site's filter and the CSV's records, as JSON."""

import datetime
from urllib.parse import parse_qs, urlparse

from django.core import signing
from django.db.models import Prefetch
from django.http import Http404
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from .caching import cached
from .exports.columns import COLUMNS, names
from .exports.records import records
from .filters import IncidentFilter
from .models import Governorate, Group, GroupRelation, Incident, Location
from .parameters import NO_SUCH_PAGE, known_parameters, unknown_parameter_errors

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


class ApiIncidentFilter(IncidentFilter):
    """IncidentFilter without `sort`: the API's order is the cursor's, (-date, -id)."""

    sort = None


class ReadsOnlyItsParameters:
    """A parameter the action doesn't read is a 400 that names it and those it reads, shaped like
    the site's data endpoints' answers (parameters.unknown_parameter_errors): every action reads
    `format`, a list its paging parameters and, where the view filters, its filter's. Without it
    ?slug=kataib-hezbollah would answer with every group as though it had filtered."""

    PAGING_PARAMETERS = ("page_query_param", "cursor_query_param", "page_size_query_param")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = unknown_parameter_errors(request.query_params, self.read_parameters())
        if unknown:
            raise ValidationError({"errors": unknown})

    def read_parameters(self):
        if self.action != "list":
            return known_parameters(api_settings.URL_FORMAT_OVERRIDE, filterset_class=None)
        paging = [getattr(self.paginator, name) for name in self.PAGING_PARAMETERS if hasattr(self.paginator, name)]
        filterset_class = getattr(self, "filterset_class", None)
        return known_parameters(api_settings.URL_FORMAT_OVERRIDE, *paging, filterset_class=filterset_class)


class IncidentFilterBackend(DjangoFilterBackend):
    """A filter value that can't be read is a 400 shaped like the site's data endpoints' answers
    (a parameter the list doesn't read is refused before: ReadsOnlyItsParameters)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise ValidationError({"errors": filterset.clean_errors()})
        view.incident_filter = filterset
        return filterset.qs


class IncidentFilterParameters(DjangoFilterExtension):
    """The list's filter parameters in the schema, each described by its filter's help text.

    drf-spectacular documents the other filters (their fixed choices too: type, target,
    confidence) by itself, but can't tell that governorates and groups are chosen by slug.
    Their slugs are data, not listed here: the schema is built without a query (Django's
    deploy check builds it where no database exists yet), and a wrong slug is answered with them.
    """

    target_class = "incidents.api.IncidentFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if not isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        schema = build_basic_type(OpenApiTypes.STR)
        many = isinstance(filter_field, ModelMultipleChoiceFilter)
        return [
            build_parameter_type(
                name=field_name,
                location=OpenApiParameter.QUERY,
                description=filter_field.extra["help_text"],
                schema=build_array_type(schema) if many else schema,
                explode=True if many else None,
                style="form" if many else None,
            )
        ]


class StrictPageSize:
    """page_size is a whole number from 1 to the maximum: anything else is refused, never capped."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Items per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}); a larger number is refused (400), not capped."
    )
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param, "").strip()
        if not text:
            return self.page_size
        size = int(text) if text.isdecimal() and len(text) <= len(str(self.max_page_size)) else 0
        if not 1 <= size <= self.max_page_size:
            message = f"page_size must be a whole number from 1 to {self.max_page_size} (the maximum)."
            raise ValidationError({"errors": {self.page_size_query_param: [message]}})
        return size


class FormatNegotiation(DefaultContentNegotiation):
    """DRF's, with a `format` the data endpoints can't write answered as a bad request (400) that
    names the formats, as every other value they can't read is: DRF answers it as not found."""

    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            message = f"format must be one of: {formats} (or left out)."
            raise ValidationError({"errors": {"format": [message]}})
        return found


# Signs the API's cursors (IncidentCursor) with the site's secret key: a new key ends the old cursors.
CURSOR_SIGNER = signing.Signer(salt="incidents.api.cursor")


class IncidentCursor(StrictPageSize, CursorPagination):
    """Pages of the filtered list, with how many incidents the filter matches in all."""

    ordering = ("-date", "-id")
    cursor_query_description = "The opaque cursor of a next or previous link; a changed one is refused (400)."
    invalid_cursor_message = (
        "This cursor is not one the API gave out (changed or cut short): "
        "follow the next and previous links as they are."
    )

    def paginate_queryset(self, queryset, request, view=None):
        """The page, and the total: counted from the rows of a search's words where they answer
        (IncidentFilter.found_words, which the filter backend leaves on the view), else from the
        incidents."""
        page = super().paginate_queryset(queryset, request, view)
        found = getattr(getattr(view, "incident_filter", None), "found_words", None)
        counted = queryset if found is None else found
        self.count = cached("count", counted, counted.count, public=True)
        return page

    def get_paginated_response(self, data):
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": {"type": "integer", "description": "How many incidents the filter matches, on every page."},
            **response["properties"],
        }
        response["required"] = ["count", *response["required"]]
        return response

    def encode_cursor(self, cursor):
        """DRF's cursor, signed: DRF's own is plain base64 of its offset, direction and position,
        which anyone can write (an offset that skips rows, a reversed walk, no position)."""
        unsigned = parse_qs(urlparse(super().encode_cursor(cursor)).query)[self.cursor_query_param][0]
        return replace_query_param(self.base_url, self.cursor_query_param, CURSOR_SIGNER.sign(unsigned))

    def decode_cursor(self, request):
        """A cursor this API gave out, else a bad request (400) that says so: one changed, cut short
        or written by hand fails its signature. DRF passes the position to the query as it is,
        where an impossible date (2020-02-30) would raise a server error: that is checked too."""
        signed = request.query_params.get(self.cursor_query_param)
        if signed is None:
            return None
        try:
            unsigned = CURSOR_SIGNER.unsign(signed)
            cursor = super().decode_cursor(WithCursor(request, self.cursor_query_param, unsigned))
            if cursor.position is not None:
                datetime.date.fromisoformat(cursor.position)
        except (signing.BadSignature, NotFound, ValueError):
            raise ValidationError({"errors": {self.cursor_query_param: [self.invalid_cursor_message]}}) from None
        return cursor


class WithCursor:
    """The request as DRF's decode_cursor reads it (its query_params), with the cursor unsigned."""

    def __init__(self, request, name, value):
        self.query_params = {**request.query_params.dict(), name: value}


class ByPage(StrictPageSize, PageNumberPagination):
    """Numbered pages, for groups and places. A page that isn't one (page=0, page=ten, a page past
    the last) is a 400 naming the pages there are, as every value the API can't read is: DRF
    answers it as not found."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            pages = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            message = NO_SUCH_PAGE % {"last": pages}
            raise ValidationError({"errors": {self.page_query_param: [message]}}) from None


# The item is exports.records.records()'s record: its fields, types and descriptions are the export's columns.
INCIDENT_SCHEMA = inline_serializer("Incident", {column.name: column.api_field() for column in COLUMNS})


BAD_FILTER = OpenApiResponse(
    description="A parameter the list doesn't read, or a value that can't be read (a filter's, page_size or "
    'cursor), e.g. {"errors": {"page_size": ["page_size must be a whole number from 1 to 1000 (the maximum)."]}}',
    response={
        "type": "object",
        "properties": {
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        },
    },
)


def incident_records(request, queryset):
    site_url = request.build_absolute_uri("/").rstrip("/")
    return [record for record, _ in records(queryset, site_url)]


@extend_schema_view(
    list=extend_schema(
        summary="Published incidents, filtered",
        description="The same filter parameters and the same records as /incidents/export.csv, newest first.",
        responses={200: INCIDENT_SCHEMA, 400: BAD_FILTER},
    ),
    retrieve=extend_schema(
        summary="One published incident",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses=INCIDENT_SCHEMA,
    ),
)
class IncidentViewSet(ReadsOnlyItsParameters, viewsets.GenericViewSet):
    content_negotiation_class = FormatNegotiation
    filter_backends = [IncidentFilterBackend]
    filterset_class = ApiIncidentFilter
    pagination_class = IncidentCursor
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Incident.objects.published()

    def list(self, request, format=None):  # format: the router's .json suffix, read by the renderer
        """The cursor pages over ids and dates only; records() then reads that page as the CSV does."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values("id", "date"))
        on_page = self.get_queryset().filter(pk__in=[row["id"] for row in page]).order_by(*IncidentCursor.ordering)
        return self.get_paginated_response(incident_records(request, on_page))

    def retrieve(self, request, pk, format=None):
        found = incident_records(request, self.get_queryset().filter(pk=pk))
        if not found:
            raise Http404
        return Response(found[0])


class GroupNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["slug", "name"]


class GroupRelationSerializer(serializers.ModelSerializer):
    object = GroupNameSerializer()

    class Meta:
        model = GroupRelation
        fields = ["kind", "object", "confidence"]


class GroupSerializer(serializers.ModelSerializer):
    aliases = names(source="alias_list")
    relations = GroupRelationSerializer(many=True)
    incidents_claimed = serializers.IntegerField(help_text="Published incidents the group claimed.")
    incidents_attributed = serializers.IntegerField(
        help_text="Published incidents attributed to the group or where it is suspected."
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "slug",
            "arabic_name",
            "aliases",
            "kind",
            "description",
            "relations",
            "incidents_claimed",
            "incidents_attributed",
        ]


class GroupViewSet(ReadsOnlyItsParameters, viewsets.ReadOnlyModelViewSet):
    content_negotiation_class = FormatNegotiation
    serializer_class = GroupSerializer
    pagination_class = ByPage
    lookup_field = "slug"

    def get_queryset(self):
        relations = GroupRelation.objects.public().select_related("object").order_by("kind", "object__name")
        return (
            Group.objects.public()
            .with_incident_counts()
            .prefetch_related(Prefetch("relations", queryset=relations))
            .order_by("name")
        )


class GovernorateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Governorate
        fields = ["name", "slug"]


class LocationSerializer(serializers.ModelSerializer):
    governorate = GovernorateSerializer(allow_null=True)
    latitude = serializers.FloatField(allow_null=True, help_text="Null when the sources give no coordinates.")
    longitude = serializers.FloatField(allow_null=True, help_text="Null when the sources give no coordinates.")

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "arabic_name",
            "governorate",
            "country",
            "latitude",
            "longitude",
            "geo_precision",
            "kind",
        ]


class LocationViewSet(ReadsOnlyItsParameters, viewsets.ReadOnlyModelViewSet):
    content_negotiation_class = FormatNegotiation
    serializer_class = LocationSerializer
    pagination_class = ByPage
    queryset = Location.objects.public().select_related("governorate").order_by("name", "id")


router = DefaultRouter()
router.register("incidents", IncidentViewSet, basename="api-incident")
router.register("groups", GroupViewSet, basename="api-group")
router.register("locations", LocationViewSet, basename="api-location")


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema. The API has one version: a `?version=` parameter is ignored rather
    than echoed into the download's file name, where a newline in it was a server error."""

    def _get_version_parameter(self, request):
        return None
