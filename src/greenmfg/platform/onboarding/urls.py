from django.urls import path

from greenmfg.platform.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.home, name="home"),
    path("enterprises/", views.enterprises_import, name="enterprises_import"),
    path("enterprises/template.xlsx", views.enterprises_template, name="enterprises_template"),
    path("filings/", views.past_filings_import, name="past_filings"),
    path("filings/<int:pk>/", views.past_filings_detail, name="past_filings_detail"),
    path("filings/<int:pk>/retry/", views.past_filings_retry, name="past_filings_retry"),
    path("lists/", views.list_imports, name="lists"),
    path("lists/<int:pk>/", views.list_import_detail, name="list_detail"),
    path("lists/<int:pk>/confirm/", views.list_import_confirm, name="list_confirm"),
    path("lists/<int:pk>/apply/", views.list_import_apply, name="list_apply"),
    path("lists/<int:pk>/discard/", views.list_import_discard, name="list_discard"),
    path("rows/<int:pk>/", views.list_row_resolve, name="row_resolve"),
    path("tables/", views.city_tables_home, name="tables"),
    path("tables/<slug:key>/template.xlsx", views.city_table_template, name="table_template"),
    path("tables/<slug:key>/upload/", views.city_table_upload, name="table_upload"),
    path("tables/<slug:key>/export.xlsx", views.city_table_export, name="table_export"),
]
