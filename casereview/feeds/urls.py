"""The feeds pages: sending reports, the radar, and the pairs to check."""

from django.urls import path

from casereview.feeds.views import intake

app_name = "feeds"

urlpatterns = [
    path("feeds", intake.send, name="send"),
    path("feeds/imports/<int:pk>", intake.import_result, name="import_result"),
    path("feeds/reports", intake.reports, name="reports"),
]
