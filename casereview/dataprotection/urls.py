from django.urls import path

from casereview.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("subject-access", views.sar_list, name="sar_list"),
    path("subject-access/<int:pk>", views.sar_detail, name="sar_detail"),
    path("subject-access/<int:pk>/export", views.sar_export, name="sar_export"),
    path("applications/<str:reference>/legal-hold", views.legal_hold, name="legal_hold"),
]
