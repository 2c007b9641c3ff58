"""Case events: how a later stage reacts to an earlier one without being imported by it.

A service that moves a case on calls `case_changed(application_id)` inside its transaction;
once the transaction commits, every subscriber hears of it (a rolled-back change is never
announced). Subscribers register in their app's `AppConfig.ready()`.
"""

from collections.abc import Callable

from django.db import transaction

CaseHandler = Callable[[int], None]
_subscribers: list[CaseHandler] = []


def case_changed_subscribe(handler: CaseHandler) -> None:
    if handler not in _subscribers:
        _subscribers.append(handler)


def case_changed(application_id: int) -> None:
    """Announce, after commit, that the case's letters or timeline moved on."""
    transaction.on_commit(lambda: _announce(application_id))


def _announce(application_id: int) -> None:
    for handler in list(_subscribers):
        handler(application_id)
