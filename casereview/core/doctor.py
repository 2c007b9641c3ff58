"""`casereview doctor`: what is wrong with this installation, in plain words, with the fix.

Each check returns the problems it found (empty when all is well). The checks read only:
they never change the database, send an email or start anything.
"""

import shutil
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casereview.core.audit_seal import unsealed
from casereview.core.audit_triggers import AUDIT_TABLES
from casereview.core.checkpoints import SigningKeyMissing, signing_key
from casereview.core.tasks import HEARTBEAT_TASK, tasks_waiting

# A task waiting longer than this means nothing is taking tasks off the queue: the worker
# polls every second, and the scheduler queues a heartbeat every 10 minutes.
WORKER_STALE = timedelta(minutes=15)
SCHEDULER_STALE = timedelta(minutes=30)
SEALER_STALE = timedelta(minutes=5)
MIN_FREE_BYTES = 1024**3
CERTIFICATE_WARNING_DAYS = 14
NETWORK_TIMEOUT = 5.0


@dataclass(frozen=True)
class Problem:
    check: str
    what: str
    fix: str


Check = Callable[[], list[Problem]]


def check_settings() -> list[Problem]:
    problems = []
    if settings.DEBUG:
        problems.append(
            Problem(
                "settings",
                "DEBUG is on: error pages would show code and data.",
                "Use casereview.config.settings.production (DJANGO_SETTINGS_MODULE).",
            )
        )
    secret = str(settings.SECRET_KEY)
    if len(secret) < 50 or secret.startswith(("local-", "test-", "django-insecure")):
        problems.append(
            Problem(
                "settings",
                "SECRET_KEY is a development default or too short.",
                "Set SECRET_KEY in the environment file to 50+ random characters "
                "(see docs/operations.md, 'Rotate secrets').",
            )
        )
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts:
        problems.append(
            Problem(
                "settings",
                f"ALLOWED_HOSTS is {hosts or 'empty'}.",
                "Set ALLOWED_HOSTS to the service's host name, e.g. casereview.example.gov.uk.",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        problems.append(
            Problem(
                "settings",
                f"SITE_URL is {settings.SITE_URL}: links in emails would not use HTTPS.",
                "Set SITE_URL to the service's https:// address.",
            )
        )
    return problems


def _database_name() -> str:
    s = connection.settings_dict
    if "sqlite" in s["ENGINE"]:
        return f"the SQLite file {s['NAME']}"
    where = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    return f"PostgreSQL database {s['NAME']!r} at {where}"


def check_database() -> list[Problem]:
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # any failure to connect is the finding itself
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        return [
            Problem(
                "database",
                f"Cannot reach {_database_name()}: {first_line}",
                "Check DATABASE_URL in the environment file (host, port, name, user, "
                "password) and that PostgreSQL is running: systemctl status postgresql.",
            )
        ]
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        return [
            Problem(
                "database",
                f"{len(pending)} database migrations are not applied ({names}).",
                "Run: casereview migrate (after a backup: casereview backup FILE).",
            )
        ]
    return []


TWO_ROLES_FIX = (
    "Give the migrations their own owner role and the service a role that cannot change the "
    "audit log or the schema (docs/operations.md, 'Two database roles'), then run "
    "deploy/manage migrate."
)


def check_privileges() -> list[Problem]:
    """On PostgreSQL, the service's role must not be able to rewrite the audit log: not a
    superuser, not the tables' owner, no UPDATE, DELETE or TRUNCATE on the audit tables and
    no CREATE in the schema (deploy/postgres/grants.sql)."""
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, r.rolsuper, EXISTS ("
                "  SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                "  WHERE n.nspname = current_schema()"
                "  AND pg_has_role(current_user, c.relowner, 'USAGE')),"
                " has_schema_privilege(current_schema(), 'CREATE')"
                " FROM pg_roles r WHERE r.rolname = current_user"
            )
            user, superuser, owner, creates = cursor.fetchone()
            cursor.execute(
                "SELECT t, p FROM unnest(%s::text[]) t, unnest(%s::text[]) p"
                " WHERE to_regclass(t) IS NOT NULL AND has_table_privilege(t, p)",
                [list(AUDIT_TABLES), ["UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
            )
            audit_rights = cursor.fetchall()
    except Exception:  # the database check reports why
        return []
    if superuser or owner:
        what = "a superuser" if superuser else "the owner of its tables"
        return [
            Problem(
                "privileges",
                f"The service connects to PostgreSQL as {user}, {what}: whoever took over the "
                "service could rewrite or erase the audit log and change the schema.",
                TWO_ROLES_FIX,
            )
        ]
    problems = []
    if audit_rights:
        rights = ", ".join(f"{privilege} on {table}" for table, privilege in audit_rights)
        problems.append(
            Problem(
                "privileges",
                f"The service's database role {user} may change the audit log ({rights}).",
                "Run deploy/manage migrate, which sets the role's privileges from "
                "deploy/postgres/grants.sql.",
            )
        )
    if creates:
        problems.append(
            Problem(
                "privileges",
                f"The service's database role {user} may create tables and functions.",
                "Run deploy/manage migrate, which sets the role's privileges from "
                "deploy/postgres/grants.sql.",
            )
        )
    return problems


def check_email() -> list[Problem]:
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return []
    host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
    try:
        # Greets and says goodbye: proves an SMTP server answers, sends nothing.
        with smtplib.SMTP(host, port, timeout=NETWORK_TIMEOUT) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as error:
        return [
            Problem(
                "email",
                f"No mail server answers at {host}:{port} ({error or type(error).__name__}).",
                "Check EMAIL_HOST and EMAIL_PORT in the environment file, and that this "
                "server may connect to it (firewall).",
            )
        ]
    return []


def check_worker() -> list[Problem]:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return []
    problems = []
    try:
        waiting, oldest = tasks_waiting()
        last_beat = (
            DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK)
            .order_by("-enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
    except Exception:  # the database check reports why
        return []
    if waiting and oldest > WORKER_STALE.total_seconds():
        problems.append(
            Problem(
                "worker",
                f"The task worker is not running: {waiting} background tasks are "
                f"waiting, the oldest for {round(oldest / 60)} minutes.",
                "Start it: systemctl restart casereview-worker; then read its log: "
                "journalctl -u casereview-worker.",
            )
        )
    if last_beat is None or timezone.now() - last_beat > SCHEDULER_STALE:
        since = (
            "have never run" if last_beat is None else f"last ran at {last_beat:%Y-%m-%d %H:%M} UTC"
        )
        problems.append(
            Problem(
                "scheduler",
                f"The scheduled jobs (reminders, retention) {since}.",
                "Start the timer: systemctl enable --now casereview-scheduled.timer; "
                "see journalctl -u casereview-scheduled.",
            )
        )
    return problems


def check_audit_sealer() -> list[Problem]:
    """Entries are sealed within seconds while the worker runs; a backlog minutes old means
    the sealer has stopped (or refuses an altered entry, which `audit_verify` names)."""
    try:
        waiting, oldest = unsealed()
    except Exception:  # the database check reports why
        return []
    if not waiting or oldest is None or timezone.now() - oldest < SEALER_STALE:
        return []
    minutes = round((timezone.now() - oldest).total_seconds() / 60)
    return [
        Problem(
            "audit",
            f"{waiting:,} audit entries have waited {minutes} minutes for the sealer.",
            "Check the worker is running (systemctl status casereview-worker), then run "
            "casereview audit_verify: it names an entry that was altered before sealing.",
        )
    ]


def check_audit_signing_key() -> list[Problem]:
    """The daily checkpoint needs the signing key; one that cannot be read is named now
    rather than when the scheduled job fails at night. Nothing is made here."""
    if settings.AUDIT_SIGNING_KEY_CREATE and not settings.AUDIT_SIGNING_KEY:
        return []  # local and test settings make the key file on first use
    try:
        signing_key()
    except SigningKeyMissing as missing:
        return [
            Problem(
                "audit_key",
                str(missing),
                "Make a key with casereview audit_signing_key --out FILE and set "
                "AUDIT_SIGNING_KEY_FILE to it (docs/operations.md, 'Audit checkpoints').",
            )
        ]
    return []


def _free_space(path: Path) -> list[Problem]:
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    if free < MIN_FREE_BYTES:
        return [
            Problem(
                "disk",
                f"Only {free // 1024**2} MB free for {path}.",
                "Free space on that disk (old backups, logs) or grow it.",
            )
        ]
    return []


def check_disk() -> list[Problem]:
    paths = {Path(settings.MEDIA_ROOT), Path(settings.VAR_DIR)}
    return [p for path in sorted(paths) for p in _free_space(path)]


def check_certificate() -> list[Problem]:
    url = urlsplit(settings.SITE_URL)
    if url.scheme != "https" or not url.hostname:
        return []
    host, port = url.hostname, url.port or 443
    try:
        context = ssl.create_default_context()
        with (
            socket.create_connection((host, port), timeout=NETWORK_TIMEOUT) as sock,
            context.wrap_socket(sock, server_hostname=host) as tls,
        ):
            cert = tls.getpeercert()
    except (OSError, ssl.SSLError) as error:
        return [
            Problem(
                "certificate",
                f"Cannot check the certificate of {host}:{port} ({error}).",
                "Check nginx is running (systemctl status nginx) and the certificate in "
                "/etc/nginx/sites-available/casereview is valid for this host name.",
            )
        ]
    expires = ssl.cert_time_to_seconds(str(cert["notAfter"])) if cert else time.time()
    days = int((expires - time.time()) // 86400)
    if days < CERTIFICATE_WARNING_DAYS:
        return [
            Problem(
                "certificate",
                f"The certificate of {host} expires in {days} days.",
                "Renew it (certbot renew, or your certificate authority) and reload nginx: "
                "systemctl reload nginx.",
            )
        ]
    return []


CHECKS: dict[str, Check] = {
    "settings": check_settings,
    "database": check_database,
    "privileges": check_privileges,
    "email": check_email,
    "worker": check_worker,
    "audit": check_audit_sealer,
    "audit_key": check_audit_signing_key,
    "disk": check_disk,
    "certificate": check_certificate,
}


def diagnose(skip: frozenset[str] = frozenset()) -> dict[str, list[Problem]]:
    return {name: check() for name, check in CHECKS.items() if name not in skip}
