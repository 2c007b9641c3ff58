"""Production settings: everything security-relevant comes from the environment.

The process refuses to start without SECRET_KEY and ALLOWED_HOSTS, or with a secret that is
one of the development defaults.
"""

from django.core.exceptions import ImproperlyConfigured

from casereview.config.env import env_bool, env_int, env_list, env_str
from casereview.config.settings.base import *  # noqa: F403
from casereview.config.settings.base import (
    AUDIT_SIGNING_KEY,
    AUDIT_SIGNING_KEY_FILE,
    MIDDLEWARE,
)

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("local-", "test-", "django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")
# Rotation: the previous key here keeps sessions and reset links working until they expire.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The audit checkpoints' Ed25519 signing key, outside the database: in the environment or
# in a file (make one with `casereview audit_signing_key --out FILE`). Never made here.
if not (AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE):
    raise ImproperlyConfigured(
        "Set AUDIT_SIGNING_KEY (the audit checkpoints' Ed25519 key) or AUDIT_SIGNING_KEY_FILE "
        "(a file holding it; make one with `casereview audit_signing_key --out FILE`)."
    )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

# nginx on this machine passes the client's address in X-Real-IP (casereview.core.proxy).
MIDDLEWARE = [
    *MIDDLEWARE[:2],  # the request id and the request log stay outermost
    "casereview.core.proxy.ProxiedClientAddressMiddleware",
    *MIDDLEWARE[2:],
]

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-casereview_session"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# One JSON object a line on stderr (journald keeps it): a line per request from
# casereview.request, and warnings and errors from everything else, each with the request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "casereview.core.observability.logs.RequestIdFilter"},
        "scrub": {"()": "casereview.core.observability.logs.ScrubRequestFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["asctime", "levelname", "name", "message"],
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "scrub"],
        }
    },
    "root": {"handlers": ["json"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "casereview.request": {"level": "INFO"},
        # The request line already records every 4xx; Django's own repeats the raw path.
        "django.request": {"level": "ERROR", "filters": ["scrub"]},
        "weasyprint.progress": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from casereview.core.observability.sentry import sentry_init

    sentry_init(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))
