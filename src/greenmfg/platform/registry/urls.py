from django.urls import path

from greenmfg.platform.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("lists/export.xlsx", views.public_list_export, name="public_list_export"),
    path("lists/exports/<uuid:token>/", views.export_status, name="export_status"),
    path("lists/exports/<uuid:token>/retry/", views.export_retry, name="export_retry"),
    path("lists/exports/<uuid:token>/download/", views.export_download, name="export_download"),
    path("units/<str:uscc>/", views.unit_detail, name="unit_detail"),
]
