from django.urls import path

from casereview.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("agencies", views.agencies, name="agencies"),
    path("agencies/add", views.agency_edit, name="agency_add"),
    path("agencies/<slug:slug>/change", views.agency_edit, name="agency_edit"),
    path("users", views.users, name="users"),
    path("users/add", views.user_add, name="user_add"),
    path("users/<int:membership_id>", views.user_edit, name="user_edit"),
    path("threshold-policy", views.threshold_policy, name="threshold_policy"),
    path("deadlines", views.deadlines, name="deadlines"),
    path("letter-wording", views.letter_wording, name="letter_wording"),
]
