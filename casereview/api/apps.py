from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casereview.api"
    label = "api"
    verbose_name = "API"
