"""Database settings from DATABASE_URL, with the SQLite options that concurrency needs."""

from pathlib import Path
from typing import Any

import dj_database_url


def database_from_url(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN, so concurrent audited writes queue on busy_timeout instead of failing with
        # "database is locked" when a read transaction tries to upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config
