from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereview.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from casereview.accounts.throttle import security_events_purge
        from casereview.core.housekeeping import purge_register

        purge_register(security_events_purge)
