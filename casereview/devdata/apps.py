from django.apps import AppConfig


class DevdataConfig(AppConfig):
    name = "casereview.devdata"
    label = "devdata"
    verbose_name = "Demo and synthetic data"
