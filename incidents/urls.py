from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/feed/", feeds.NewlyPublished(), name="incident_feed"),
    path("incidents/export.csv", views.export_csv, name="incident_export_csv"),
    path("incidents/map.geojson", views.map_geojson, name="incident_map"),
    path("incidents/chart.json", views.chart_json, name="incident_chart"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
]
