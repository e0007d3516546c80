from django.urls import path

from greenmfg.platform.greencode import views

app_name = "greencode"
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:uscc>/", views.verify, name="verify"),
    path("qr/<str:uscc>.svg", views.qr, name="qr"),
]
