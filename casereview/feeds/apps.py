from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "casereview.feeds"
    label = "feeds"
    verbose_name = "Partner report feeds and the radar"

    def ready(self) -> None:
        from casereview.feeds.radar.hooks import register_radar_hooks

        register_radar_hooks()
