from django.urls import path

from greenmfg.platform.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_create, name="create"),
    path("bulk/", views.bulk_request, name="bulk_request"),
    path("bulk/<int:pk>/", views.bulk_run, name="bulk_run"),
    path("<int:pk>/", views.wizard, name="wizard"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/result/", views.result, name="result"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/report/", views.report_create, name="report_create"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("verify/", views.verify, name="verify"),
    path("engagements/", views.engagements, name="engagements"),
    path("engagements/<int:pk>/revoke/", views.engagement_revoke, name="engagement_revoke"),
    path("standards/", views.standards, name="standards"),
    path("standards/detail/", views.standard_detail, name="standard_detail"),
]
