from django.urls import path

from casereview.casework.views import case, contacts, harm, home

app_name = "casework"

urlpatterns = [
    path("", home.home, name="home"),
    path("applications", case.application_list, name="list"),
    path("applications/<str:reference>", case.detail, name="detail"),
    path("applications/<str:reference>/contacts/new", contacts.contact_new, name="contact_new"),
    path("applications/<str:reference>/harm/new", harm.harm_new, name="harm_new"),
]
