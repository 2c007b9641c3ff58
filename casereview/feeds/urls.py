"""The feeds pages: sending reports, the radar, and the pairs to check."""

from django.urls import path

from casereview.feeds.views import intake, pairs, radar

app_name = "feeds"

urlpatterns = [
    path("radar", radar.radar, name="radar"),
    path("radar/about", radar.about, name="radar_about"),
    path("radar/people/<str:public_id>", radar.person, name="radar_person"),
    path("radar/people/<str:public_id>/contact", radar.contact, name="radar_contact"),
    path("radar/people/<str:public_id>/request", radar.draft, name="radar_draft"),
    path(
        "applications/<str:reference>/agency-reports",
        radar.application_reports,
        name="application_reports",
    ),
    path("radar/pairs", pairs.queue, name="pairs"),
    path("radar/pairs/labels.csv", pairs.labels_csv, name="pair_labels"),
    path("radar/pairs/<int:pk>", pairs.pair_page, name="pair"),
    path("radar/pairs/<int:pk>/chart.svg", pairs.pair_chart, name="pair_chart"),
    path("radar/reports/<int:first>/linked/<int:second>", pairs.linked, name="linked"),
    path(
        "radar/reports/<int:first>/linked/<int:second>/chart.svg",
        pairs.linked_chart,
        name="linked_chart",
    ),
    path("feeds", intake.send, name="send"),
    path("feeds/imports/<int:pk>", intake.import_result, name="import_result"),
    path("feeds/reports", intake.reports, name="reports"),
]
