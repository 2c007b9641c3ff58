from django.urls import path

from casereview.appeals.views import pages

app_name = "appeals"

urlpatterns = [
    path("appeals", pages.appeal_list, name="list"),
    path("appeals/office", pages.office, name="office"),
    path("applications/<str:reference>/appeal", pages.record, name="record"),
    path("applications/<str:reference>/appeal/pack", pages.pack, name="pack"),
    path("applications/<str:reference>/appeal/outcome", pages.outcome, name="outcome"),
    path("applications/<str:reference>/appeal/actions", pages.actions, name="actions"),
]
