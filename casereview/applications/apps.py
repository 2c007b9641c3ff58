from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "casereview.applications"
    label = "applications"
    verbose_name = "Applications"
