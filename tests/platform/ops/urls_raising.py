"""The platform's URLs plus one view that fails, to see how a 500 is answered and logged."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from greenmfg.platform.urls import urlpatterns as platform_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure for the test")


urlpatterns = [path("boom/", boom), *platform_urlpatterns]

handler400 = "greenmfg.platform.ops.views.bad_request"
handler403 = "greenmfg.platform.ops.views.permission_denied"
handler404 = "greenmfg.platform.ops.views.page_not_found"
handler500 = "greenmfg.platform.ops.views.server_error"
