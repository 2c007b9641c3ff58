from django.urls import path

from casereview.applications.views import case, journey, people, sharing

app_name = "applications"

urlpatterns = [
    path("applications/new", journey.start, name="new"),
    path("applications/new/complaints", journey.complaints, name="new_complaints"),
    path("applications/new/complaints/add", journey.complaint_add, name="new_complaint_add"),
    path(
        "applications/new/complaints/<str:key>/change",
        journey.complaint_change,
        name="new_complaint_change",
    ),
    path(
        "applications/new/complaints/<str:key>/remove",
        journey.complaint_delete,
        name="new_complaint_remove",
    ),
    path("applications/new/check", journey.check, name="new_check"),
    path("applications/new/<slug:step>", journey.step, name="new_step"),
    path("applications/<str:reference>/sharing", sharing.decide, name="sharing"),
    path("applications/<str:reference>/people", people.people, name="people"),
    path("applications/<str:reference>/people/add", people.person_new, name="person_add"),
    path(
        "applications/<str:reference>/people/<int:person_id>/change",
        people.person_edit,
        name="person_change",
    ),
    path(
        "applications/<str:reference>/people/<int:person_id>/remove",
        people.person_delete,
        name="person_remove",
    ),
    path(
        "applications/<str:reference>/people/<int:person_id>/share",
        people.person_share,
        name="person_share",
    ),
    path("applications/<str:reference>/complaints/add", case.complaint_add, name="complaint_add"),
    path(
        "applications/<str:reference>/complaints/<str:key>/change",
        case.complaint_change,
        name="complaint_change",
    ),
    path(
        "applications/<str:reference>/complaints/<str:key>/remove",
        case.complaint_delete,
        name="complaint_remove",
    ),
]
