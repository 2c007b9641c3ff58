from django.apps import AppConfig


class ManageConfig(AppConfig):
    """The partnership administrator's screens and the auditor's view of the log."""

    name = "casereview.manage"
    label = "manage"
    verbose_name = "Partnership administration"
