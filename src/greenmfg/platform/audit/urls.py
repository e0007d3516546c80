from django.urls import path

from greenmfg.platform.audit import views

app_name = "audit"
urlpatterns = [
    path("checkpoints/", views.checkpoint_list, name="checkpoints"),
    path("checkpoints.json", views.checkpoint_index, name="checkpoint_index"),
    path("checkpoints/<int:pk>.json", views.checkpoint_download, name="checkpoint_download"),
]
