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
    path("onboarding/", include("greenmfg.platform.onboarding.urls")),
    path("", include("greenmfg.platform.registry.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
