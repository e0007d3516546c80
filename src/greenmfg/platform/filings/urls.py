from django.urls import path

from greenmfg.platform.filings import views

app_name = "filings"
urlpatterns = [
    path("", views.filing_list, name="list"),
    path("form/", views.filing_form, name="form"),
    path("import/", views.filing_import, name="import"),
    path("template.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/export.xlsx", views.filing_export, name="export"),
    path("<int:pk>/recompute/", views.filing_recompute, name="recompute"),
    path("recompute-stale/", views.filings_recompute_stale, name="recompute_stale"),
]
