from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "casereview.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from casereview.core.housekeeping import purge_register
        from casereview.reviews.pack import packs_purge

        purge_register(packs_purge)
