from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "casereview.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
