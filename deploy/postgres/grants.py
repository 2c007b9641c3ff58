"""Applies deploy/postgres/grants.sql as the owner, for the application's role.

    .venv/bin/python deploy/postgres/grants.py

MIGRATION_DATABASE_URL is the owner's connection; the application's role is the user named in
DATABASE_URL. `deploy/manage migrate` and `deploy/manage restore` run this after the command
itself; it is the same as `psql "$MIGRATION_DATABASE_URL" -v app_role=ROLE -f grants.sql`.
"""

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

GRANTS = Path(__file__).with_name("grants.sql")


def role_of(url: str) -> str:
    """The user a postgres:// URL connects as."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not parts.username:
        raise ValueError("DATABASE_URL must be a postgres:// URL that names its user")
    return unquote(parts.username)


def grants_sql(app_role: str, connection: psycopg.Connection[object]) -> str:
    """The file with psql's :'app_role' replaced by the role's name, quoted as psql would."""
    literal = sql.Literal(app_role).as_string(connection)
    return GRANTS.read_text().replace(":'app_role'", literal)


def apply(owner_url: str, app_role: str) -> None:
    with psycopg.connect(owner_url, autocommit=True) as connection:
        # No parameters: psycopg sends the file as one simple query, BEGIN to COMMIT.
        connection.execute(grants_sql(app_role, connection).encode())


def main() -> int:
    owner_url = os.environ.get("MIGRATION_DATABASE_URL", "")
    app_url = os.environ.get("DATABASE_URL", "")
    if not owner_url or not app_url:
        print("MIGRATION_DATABASE_URL (the owner) and DATABASE_URL are needed.", file=sys.stderr)
        return 2
    app_role = role_of(app_url)
    try:
        apply(owner_url, app_role)
    except psycopg.Error as error:
        print(f"The application's role was not set up: {error}".strip(), file=sys.stderr)
        return 1
    print(
        f"Set the privileges of {app_role} (deploy/postgres/grants.sql): the service's tables "
        "to read and write, the audit log to read and append to, no schema changes."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
