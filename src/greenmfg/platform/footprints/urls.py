from django.urls import path

from greenmfg.platform.footprints import views

app_name = "footprints"
urlpatterns = [
    path("", views.product_list, name="products"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/compute/", views.footprint_compute, name="compute"),
    path("products/<int:pk>/upload/", views.footprint_upload, name="upload"),
    path("<int:pk>/", views.footprint_detail, name="detail"),
    path("<int:pk>/pact.json", views.footprint_pact, name="pact"),
    path("<int:pk>/statement.pdf", views.footprint_statement, name="statement"),
    path("<int:pk>/publish/", views.footprint_publish, name="publish"),
    path("<int:pk>/recompute/", views.footprint_recompute, name="recompute"),
    path("public/", views.public_index, name="public_index"),
    path("public/<int:pk>/", views.public_detail, name="public"),
    path("factors/", views.factors, name="factors"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
]
