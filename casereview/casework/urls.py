from django.urls import path

from casereview.casework.views import case, contacts, home

app_name = "casework"

urlpatterns = [
    path("", home.home, name="home"),
    path("applications", case.application_list, name="list"),
    path("applications/<str:reference>", case.detail, name="detail"),
    path("applications/<str:reference>/contacts/new", contacts.contact_new, name="contact_new"),
]
