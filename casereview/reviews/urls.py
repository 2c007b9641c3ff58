from django.urls import path

from casereview.reviews.views import actions, meeting, minutes, outcome, partners

app_name = "reviews"

CASE = "applications/<str:reference>"

urlpatterns = [
    path(f"{CASE}/partners", partners.partners, name="partners"),
    path(f"{CASE}/partners/<slug:agency>/stop", partners.partner_stop, name="partner_stop"),
    path(f"{CASE}/contribution", partners.contribution, name="contribution"),
    path(f"{CASE}/contribution/files", partners.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>", partners.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/remove",
        partners.attachment_remove,
        name="attachment_remove",
    ),
    path(f"{CASE}/meeting", meeting.meeting, name="meeting"),
    path(f"{CASE}/pack", meeting.pack, name="pack"),
    path(f"{CASE}/pack.pdf", meeting.pack_pdf, name="pack_pdf"),
    path(f"{CASE}/minutes", minutes.minutes, name="minutes"),
    path(f"{CASE}/minutes/victim-response", outcome.victim_response, name="victim_response"),
    path(f"{CASE}/minutes/approve", outcome.approve, name="approve"),
    path(f"{CASE}/conclusion", outcome.conclude, name="conclude"),
    path(f"{CASE}/withdraw", outcome.withdraw, name="withdraw"),
    path("actions", actions.actions, name="actions"),
    path("actions/<int:action_id>", actions.action_update, name="action_update"),
    path(
        "recommendations/<int:recommendation_id>",
        actions.recommendation_respond,
        name="recommendation_respond",
    ),
]
