"""Root URL configuration: every app mounts its own ``urls.py`` under its prefix."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from greenmfg.platform.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("greenmfg.platform.accounts.urls")),
    path("filings/", include("greenmfg.platform.filings.urls")),
    path("evaluations/", include("greenmfg.platform.evaluations.urls")),
    path("workflow/", include("greenmfg.platform.workflow.urls")),
    path("supervision/", include("greenmfg.platform.supervision.urls")),
    path("greencode/", include("greenmfg.platform.greencode.urls")),
    path("dashboards/", include("greenmfg.platform.dashboards.urls")),
    path("footprints/", include("greenmfg.platform.footprints.urls")),
    path("onboarding/", include("greenmfg.platform.onboarding.urls")),
    path("audit/", include("greenmfg.platform.audit.urls")),
    path("", include("greenmfg.platform.ops.urls")),
    path("", include("greenmfg.platform.registry.urls")),
]

# The platform's own error pages (Chinese or English, like the rest of the site).
handler400 = "greenmfg.platform.ops.views.bad_request"
handler403 = "greenmfg.platform.ops.views.permission_denied"
handler404 = "greenmfg.platform.ops.views.page_not_found"
handler500 = "greenmfg.platform.ops.views.server_error"
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
