from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "casereview.feeds"
    label = "feeds"
    verbose_name = "Partner report feeds and the radar"
