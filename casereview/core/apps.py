from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casereview.core"
    label = "core"
    verbose_name = "Core"
