from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularSwaggerSplitView

from incidents.api import SchemaView, router

admin.site.site_header = _("Incident tracker — analysts")
admin.site.site_title = _("Incident tracker")
admin.site.index_title = _("Workspace")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's, a JSON response):
    the site's icon. Not a permanent redirect: the static file's hashed name changes with it."""
    return redirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script from its own URL (?script), not inline.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/", include(router.urls)),
]
# The public site: English at today's URLs, Arabic under /ar/ (the same pages, right to left).
# The scripts' texts (static/js/*.js call gettext()) come from the djangojs catalogue of the
# page's language: base.html loads /jsi18n/ or /ar/jsi18n/ before any page script.
# The analysts' workspace too: /admin/ in English, /ar/admin/ in Arabic.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(domain="djangojs"), name="javascript_catalog"),
    path("", include("incidents.urls")),
    prefix_default_language=False,
)
