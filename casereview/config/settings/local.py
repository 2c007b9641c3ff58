"""Settings for `make run`: a developer's machine, SQLite, emails written to var/mail."""

from casereview.config.env import env_list, env_str
from casereview.config.settings.base import *  # noqa: F403
from casereview.config.settings.base import LOGGING, STATIC_ROOT, VAR_DIR

DEBUG = False  # the real error pages, as users see them; tracebacks go to the console
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The demo's emails land as files, one per message, so a person can open them.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

# The audit checkpoints' signing key: made under var/ the first time a checkpoint is signed.
AUDIT_SIGNING_KEY_FILE = env_str("AUDIT_SIGNING_KEY_FILE", str(VAR_DIR / "audit-signing-key.pem"))
AUDIT_SIGNING_KEY_CREATE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The console under `make run`: one line per request from casereview.request (method, path
# with any credential named not shown, status, time, user id), the task worker's line per
# task, warnings from the rest.
# runserver's own line (the raw path, token and all) and Django's record of each 4xx would
# repeat it.
LOGGING = {
    **LOGGING,
    "formatters": {"console": {"()": "casereview.core.observability.logs.ConsoleFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrub"],
            "formatter": "console",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        **LOGGING["loggers"],  # type: ignore[dict-item]
        "casereview": {"level": "INFO"},
        "django_tasks": {"level": "INFO"},  # the worker's line per letter rendered and sent
        "django.request": {"level": "ERROR", "filters": ["scrub"]},
        "django.server": {"level": "CRITICAL", "propagate": False},
    },
}
# WhiteNoise serves the files from the app folders here (finders); collectstatic's folder is
# made so that it has nothing to warn about.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# `casereview lintmigrations` (run by `make lint`): the project's own migrations must stay
# safe to apply while the previous release is still serving, and reversible.
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]  # noqa: F405
MIGRATION_LINTER_OPTIONS = {
    "include_apps": [
        "core",
        "accounts",
        "partnerships",
        "applications",
        "reviews",
        "appeals",
        "publication",
        "dataprotection",
        "applicants",
        "api",
    ],
    # Initial migrations create their tables: no older code reads them. (On SQLite the
    # linter otherwise mistakes Django's rebuild of a table created a moment earlier in
    # the same migration for an ALTER on a live table.)
    "ignore_initial_migrations": True,
    # Added before the first release, so no older code ever ran against these tables; each
    # adds a NOT NULL column with a default that Django fills in for existing rows. Any
    # migration after the first release must pass without being listed here.
    "ignore_name": [
        "0002_application_erased_at_application_legal_hold_and_more",
        "0003_casesettings_retention_years",
        "0003_search_keys_and_letters_rendered_later",
        # Adds a nullable column and swaps a unique constraint. SQLite can only change a
        # constraint by rebuilding the table, which the linter reads as new NOT NULL columns;
        # on PostgreSQL it is DROP CONSTRAINT, ADD COLUMN … NULL, ADD CONSTRAINT.
        "0002_per_membership",
        # A reopened case keeps its earlier decision, meeting and conclusion: the current-record
        # column becomes nullable and a superseded-from column is added, with a check that one
        # of the two is set. SQLite rebuilds the table for that, which the linter reads as new
        # NOT NULL columns; on PostgreSQL it is ALTER COLUMN … DROP NOT NULL, ADD COLUMN …
        # NULL and ADD CONSTRAINT, which every existing row (current records) satisfies.
        "0006_decision_kept_when_superseded",
        "0004_meeting_and_conclusion_kept_when_superseded",
        # Drops the consent check and adds columns with a database default (and a nullable
        # key). SQLite rebuilds the table for both, which the linter reads as new NOT NULL
        # columns; on PostgreSQL it is DROP CONSTRAINT and ADD COLUMN … DEFAULT '' / NULL, and
        # the previous release, which never writes these columns, keeps working.
        "0007_sharing_recorded_without_consent_wall",
        # Adds a NOT NULL column with a database default (12 months). SQLite rebuilds the
        # table for it, which the linter reads as a new NOT NULL column; on PostgreSQL it is
        # ADD COLUMN … DEFAULT 12 NOT NULL, and the previous release's inserts get the default.
        "0005_casesettings_report_retention_months",
        # A complaint's "from the agency's records" flag, and a letter without an application
        # (the radar's explanation letter): columns with a database default, a foreign key
        # made nullable and a check every existing row meets. SQLite rebuilds the tables,
        # which the linter reads as new NOT NULL columns; on PostgreSQL it is ADD COLUMN …
        # DEFAULT false / '', ALTER COLUMN … DROP NOT NULL and ADD CONSTRAINT, and the
        # previous release, which never writes these columns, keeps working.
        "0008_complaints_from_agency_records",
        "0009_letters_without_application_for_the_radar",
        # Adds the decision's s.104(5) reasons (text with a database default of '') and two
        # nullable keys. SQLite rebuilds the table, which the linter reads as new NOT NULL
        # columns; on PostgreSQL it is ADD COLUMN … DEFAULT '' / NULL, and the previous
        # release, which never writes these columns, keeps working.
        "0011_harm_assessments_and_decision_factors",
        # The one migration that needs the service stopped (docs/operations.md): the audit
        # log's chain columns go, because the previous release writes them under a lock that
        # no longer exists and would fork the log. It verifies the old chain before touching
        # it and goes back cleanly.
        "0003_audit_sealed_batches",
        # The data protection officer's address (text with a database default of ''). SQLite
        # rebuilds the table, which the linter reads as a new NOT NULL column; on PostgreSQL
        # it is ADD COLUMN … DEFAULT '' NOT NULL, and the previous release's inserts get it.
        "0007_partnership_dpo_email",
    ],
    # A RunPython without a reverse is an error, not a warning: every migration goes back.
    "warnings_as_errors": [],
    "no_cache": True,
}
