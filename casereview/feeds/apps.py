from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "casereview.feeds"
    label = "feeds"
    verbose_name = "Partner report feeds and the radar"

    def ready(self) -> None:
        # Linking runs in the task worker after each import, so a running service needs no
        # `casereview feeds link` (FEEDS.md §2).
        from casereview.feeds.events import reports_changed
        from casereview.feeds.linkage.tasks import link_after_change

        reports_changed.connect(link_after_change, dispatch_uid="feeds_link_after_change")
        # The complaints page offers matching reports, and recorded complaints mark the
        # reports they came from, through registries in applications (which cannot import
        # feeds).
        from casereview.feeds.radar.hooks import register_radar_hooks

        register_radar_hooks()
