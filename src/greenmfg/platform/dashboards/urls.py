from django.urls import path

from greenmfg.platform.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("national/", views.national, name="national"),
    path("province/<str:adcode>/", views.province, name="province"),
    path("city/<str:adcode>/", views.city, name="city"),
    path("park/<str:uscc>/", views.park, name="park"),
    path("enterprise/<str:uscc>/", views.enterprise, name="enterprise"),
    path("index/", views.index_publication, name="index"),
    path("export/<str:scope>/<str:key>/<str:chart>.xlsx", views.export, name="export"),
]
