from django.urls import path

from . import data_views, feeds, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/preview/", views.incident_preview, name="incident_preview"),
    path("incidents/feed/", feeds.NewlyPublished(), name="incident_feed"),
    path("incidents/corrections/feed/", feeds.Corrections(), name="correction_feed"),
    path("incidents/export.csv", views.export_csv, name="incident_export_csv"),
    path("incidents/claims.csv", views.export_claims_csv, name="incident_claims_csv"),
    path("incidents/sources.csv", views.export_sources_csv, name="incident_sources_csv"),
    path("incidents/export.xlsx", views.export_xlsx, name="incident_export_xlsx"),
    path("incidents/map.geojson", views.map_geojson, name="incident_map"),
    path("incidents/chart.json", views.chart_json, name="incident_chart"),
    path("embed/map/", views.embed_map, name="embed_map"),
    path("embed/chart/", views.embed_chart, name="embed_chart"),
    path("incidents/governorates.json", views.governorates_json, name="incident_governorates"),
    path("data/", data_views.data_index, name="data_index"),
    path("data/codebook/", data_views.data_codebook, name="data_codebook"),
    path("data/releases/<str:version>/<str:filename>", data_views.release_download, name="release_download"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("digits/", views.set_digits, name="set_digits"),
]
