from django.urls import path

from greenmfg.platform.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("filing/<int:year>/", views.filing_form, name="filing_form"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/flags/<int:flag_pk>/", views.flag_decide, name="flag_decide"),
    path("filings/<int:pk>/audit/", views.filing_audit, name="filing_audit"),
    path("audit/", views.audit_queue, name="audit_queue"),
    path("spot-checks/", views.spot_checks, name="spot_checks"),
    path("spot-checks/<int:pk>/", views.spot_check_detail, name="spot_check_detail"),
    path("rechecks/", views.recheck_create, name="recheck_create"),
    path("removals/", views.removals, name="removals"),
    path("removals/<int:pk>/decide/", views.removal_decide, name="removal_decide"),
    path("changes/", views.changes, name="changes"),
    path("changes/<int:pk>/verify/", views.change_verify, name="change_verify"),
    path("support/", views.support, name="support"),
    path("report/<int:year>.pdf", views.report_pdf, name="report_pdf"),
]
