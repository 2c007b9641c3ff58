"""Short-lived copies of personal data that an app keeps for its own working (for example the
API's stored responses for idempotent retries) and that the retention sweep must clear.

The app that keeps them registers a purge here from its AppConfig.ready(); the sweep, which
stands below that app, runs every purge without importing it.
"""

from collections.abc import Callable
from datetime import datetime

Purge = Callable[[datetime], int]  # removes what is older than the moment; returns how many
_purges: list[Purge] = []


def purge_register(purge: Purge) -> None:
    if purge not in _purges:
        _purges.append(purge)


def purges_run(now: datetime) -> int:
    return sum(purge(now) for purge in list(_purges))
