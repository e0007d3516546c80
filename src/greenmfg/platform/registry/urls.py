from django.urls import path

from greenmfg.platform.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("lists/export.xlsx", views.public_list_export, name="public_list_export"),
    path("units/<str:uscc>/", views.unit_detail, name="unit_detail"),
]
