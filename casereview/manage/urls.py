from django.urls import path

from casereview.manage.views import audit, partnership

app_name = "manage"

urlpatterns = [
    path("manage/agencies", partnership.agencies, name="agencies"),
    path("manage/agencies/add", partnership.agency_edit, name="agency_add"),
    path("manage/agencies/<slug:slug>/change", partnership.agency_edit, name="agency_edit"),
    path("manage/users", partnership.users, name="users"),
    path("manage/users/add", partnership.user_add, name="user_add"),
    path("manage/users/<int:membership_id>", partnership.user_edit, name="user_edit"),
    path(
        "manage/users/<int:membership_id>/reset-authenticator",
        partnership.user_authenticator_reset,
        name="user_authenticator_reset",
    ),
    path("manage/users/<int:membership_id>/unlock", partnership.user_unlock, name="user_unlock"),
    path("manage/threshold-policy", partnership.threshold_policy, name="threshold_policy"),
    path("manage/harm-policy", partnership.harm_policy, name="harm_policy"),
    path("manage/deadlines", partnership.deadlines, name="deadlines"),
    path("manage/letter-wording", partnership.letter_wording, name="letter_wording"),
    path("manage/contact-details", partnership.contact_details, name="contact_details"),
    path("audit", audit.audit_log, name="audit_log"),
    path("audit.csv", audit.audit_csv, name="audit_csv"),
    path("audit/verify", audit.audit_check, name="audit_verify"),
    path("audit/checkpoint", audit.audit_checkpoint_check, name="audit_checkpoint_check"),
]
