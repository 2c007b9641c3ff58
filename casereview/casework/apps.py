from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The pages and jobs that show a whole case across its stages."""

    name = "casereview.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from casereview.casework.gauges import caseload_gauges
        from casereview.core.observability.scrape import gauges_register

        gauges_register(caseload_gauges)
