from django.urls import path

from casereview.decision import views

app_name = "decision"

urlpatterns = [
    path("applications/<str:reference>/decision", views.decide, name="decide"),
]
