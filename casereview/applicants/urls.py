from django.urls import path

from casereview.applicants.views import apply, follow, staff, status

app_name = "applicants"

urlpatterns = [
    path("apply", apply.start, name="start"),
    path("apply/complaints", apply.complaints, name="complaints"),
    path("apply/complaints/add", apply.complaint_add, name="complaint_add"),
    path("apply/complaints/<str:key>/change", apply.complaint_change, name="complaint_change"),
    path("apply/complaints/<str:key>/remove", apply.complaint_delete, name="complaint_remove"),
    path("apply/check", apply.check, name="check"),
    path("apply/done", apply.done, name="done"),
    path("apply/<slug:step>", apply.step, name="step"),
    path("follow", follow.follow, name="follow"),
    path("status/<str:token>", status.status, name="status"),
    path("status/<str:token>/letters/<int:letter_id>", status.letter, name="letter"),
    path("status/<str:token>/appeal", status.appeal, name="appeal"),
    path("status/<str:token>/documents/add", status.document_add, name="document_add"),
    path("applications/<str:reference>/status-link", staff.issue, name="link_issue"),
    path("applications/<str:reference>/status-link/show", staff.show, name="link_show"),
    path("applications/<str:reference>/status-link/revoke", staff.revoke, name="link_revoke"),
    path(
        "applications/<str:reference>/applicant-documents/<int:document_id>",
        staff.document,
        name="document",
    ),
]
