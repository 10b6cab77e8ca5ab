from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Incident tracker — analysts"
admin.site.site_title = "Incident tracker"
admin.site.index_title = "Workspace"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("incidents.urls")),
]
