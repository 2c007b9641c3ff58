"""The feeds pages: sending reports, the radar, and the pairs to check."""

from django.urls import URLPattern, path

from casereview.feeds.views import radar

app_name = "feeds"

urlpatterns: list[URLPattern] = [
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
]
