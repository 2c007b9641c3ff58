from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casereview.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from casereview.api.housekeeping import idempotent_responses_purge
        from casereview.core.housekeeping import purge_register

        purge_register(idempotent_responses_purge)
