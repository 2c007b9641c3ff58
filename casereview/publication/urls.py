from django.urls import path

from casereview.publication import views

app_name = "publication"

urlpatterns = [
    path("statistics", views.figures_page, name="figures"),
    path("statistics.csv", views.figures_csv, name="figures_csv"),
    path("statistics.json", views.figures_json, name="figures_json"),
    path("published/<slug:slug>", views.published, name="published"),
]
