"""The read-only JSON API (/api/): the site's filter and the CSV's records, as JSON."""

import datetime

from django.db.models import Prefetch
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from .exports.columns import COLUMNS, names
from .exports.records import records
from .filters import IncidentFilter
from .models import Governorate, Group, GroupRelation, Incident, Location

MAX_PAGE_SIZE = 1000


class ApiIncidentFilter(IncidentFilter):
    """IncidentFilter without `sort`: the API's order is the cursor's, (-date, -id)."""

    sort = None

    @extend_schema_field(
        {
            "type": "string",
            "description": "A group's slug: incidents it claimed, was attributed "
            "or suspected of (a denial does not count).",
        }
    )
    def filter_group(self, queryset, name, groups):
        """Unchanged; declared here only to tell the schema that `group` takes slugs."""
        return super().filter_group(queryset, name, groups)


class IncidentFilterBackend(DjangoFilterBackend):
    """A filter value that can't be read is a 400 shaped like the site's data endpoints'."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise ValidationError({"errors": filterset.clean_errors()})
        return filterset.qs


class IncidentCursor(CursorPagination):
    ordering = ("-date", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def decode_cursor(self, request):
        """DRF's cursor, refused as invalid when its position is not a real date (2020-02-30).

        DRF checks the cursor's encoding but passes the position to the query as it is, where
        an impossible date would raise a server error instead of the usual invalid-cursor 404.
        """
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None:
            try:
                datetime.date.fromisoformat(cursor.position)
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class ByPage(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


# The item is exports.records.records()'s record: its fields, types and descriptions are the export's columns.
INCIDENT_SCHEMA = inline_serializer("Incident", {column.name: column.api_field() for column in COLUMNS})


BAD_FILTER = OpenApiResponse(
    description='A filter value that can\'t be read, e.g. {"errors": {"date_after": ["Enter a valid date."]}}',
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
class IncidentViewSet(viewsets.GenericViewSet):
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


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
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


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
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
