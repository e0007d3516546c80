from django.urls import path

from greenmfg.platform.workflow import views

app_name = "workflow"
urlpatterns = [
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("applications/<int:pk>/experts/", views.assign_experts, name="assign_experts"),
    path("applications/<int:pk>/checklist/", views.checklist_record, name="checklist_record"),
    path("applications/<int:pk>/report/", views.attach_report, name="attach_report"),
    path("applications/<int:pk>/material/", views.material_request, name="material_request"),
    path("material/<int:pk>/answer/", views.material_answer, name="material_answer"),
    path("material/<int:pk>/file/", views.material_file, name="material_file"),
    path("queue/", views.queue, name="queue"),
    path("queue/assign/", views.batch_assign, name="batch_assign"),
    path("diagnostics/", views.diagnostics, name="diagnostics"),
    path("objections/", views.objections, name="objections"),
    path("review/", views.expert_home, name="expert_home"),
    path("review/conflicts/", views.conflict_declare, name="conflict_declare"),
    path("rounds/", views.rounds, name="rounds"),
    path("review/<int:pk>/", views.expert_score, name="expert_score"),
    path("publicity/", views.publicity, name="publicity"),
    path("publicity/<int:pk>/objection/", views.objection_form, name="objection_form"),
    path("annual-list/", views.annual_list, name="annual_list"),
    path("annual-list.xlsx", views.annual_list_xlsx, name="annual_list_xlsx"),
    path("annual-list.pdf", views.annual_list_pdf, name="annual_list_pdf"),
    path("inbox/", views.inbox, name="inbox"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("plans/", views.plans, name="plans"),
    path("institutions/", views.institutions, name="institutions"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institution-report/", views.institution_report, name="institution_report"),
]
