"""Backing up and restoring the whole database: SQLite's online backup API (safe while the
service runs), or pg_dump / pg_restore for PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

from django.db import connections


def _settings() -> dict[str, Any]:
    return connections["default"].settings_dict


def _engine() -> str:
    return "sqlite" if "sqlite" in _settings()["ENGINE"] else "postgresql"


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/lib/postgresql/15/bin")
    if found is None:
        raise RuntimeError(f"{name} is needed: install Debian's postgresql-client package")
    return found


def _pg_env() -> dict[str, str]:
    s = _settings()
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(s.get("HOST") or "localhost"),
            "PGPORT": str(s.get("PORT") or "5432"),
            "PGUSER": str(s.get("USER") or ""),
            "PGPASSWORD": str(s.get("PASSWORD") or ""),
            "PGDATABASE": str(s["NAME"]),
        }
    )
    return env


def backup(target: Path) -> None:
    if _engine() == "sqlite":
        source = sqlite3.connect(_settings()["NAME"])
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    # Fixed arguments and no shell: the PostgreSQL client tools, nothing from users.
    subprocess.run(  # noqa: S603  # nosec B603
        [_pg_tool("pg_dump"), "--format=custom", f"--file={target}"],
        env=_pg_env(),
        check=True,
    )


def restore(source: Path) -> None:
    """Replace the whole database with the backup. Stop the service first."""
    connections.close_all()
    if _engine() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_settings()["NAME"])
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
        return
    # Fixed arguments and no shell: the PostgreSQL client tools, nothing from users.
    subprocess.run(  # noqa: S603  # nosec B603
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_settings()['NAME']}",
            str(source),
        ],
        env=_pg_env(),
        check=True,
    )
