"""Settings shared by every environment. Environment-specific modules import from here."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from casereview.config.database import database_from_url
from casereview.config.env import env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("CASEREVIEW_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs page with its own Swagger UI files, not a CDN's
    "casereview.core",
    "casereview.accounts",
    "casereview.partnerships",
    "casereview.applications",
    "casereview.letters",
    "casereview.decision",
    "casereview.feeds",
    "casereview.reviews",
    "casereview.appeals",
    "casereview.publication",
    "casereview.dataprotection",
    "casereview.applicants",
    "casereview.api",
    "casereview.manage",
    "casereview.casework",
    "casereview.devdata",
]

MIDDLEWARE = [
    # Outermost, so every response (redirects, static files, errors) carries the request id
    # and is logged and counted once.
    "casereview.core.observability.request_id.RequestIdMiddleware",
    "casereview.core.observability.requests.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "casereview.accounts.middleware.StaffSessionMiddleware",
    "casereview.accounts.middleware.CurrentMembershipMiddleware",
    "casereview.core.middleware.PersonalDataCacheMiddleware",
    "casereview.core.middleware.ReadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casereview.config.urls"
WSGI_APPLICATION = "casereview.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PROJECT_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "casereview.config.jinja2.environment",
            "context_processors": ["casereview.core.navigation.navigation"],
        },
    },
    {
        # Django's own templates, for the system administrators' admin site only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'casereview.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "casework:home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # an hour: a reset link is a credential

# Sessions: 30 minutes of inactivity ends a session. StaffSessionMiddleware renews it at most
# once a minute (saving on every request cost three queries a page) and enforces the 12-hour
# absolute lifetime.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "casereview_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "casereview.core.views.csrf_failure"

# Brute force: five wrong passwords for one account from one address lock that pair for 15
# minutes, so a stranger cannot lock a member of staff out (and never an address alone: whole
# offices share a NAT address); across addresses, the account is slowed down instead
# (casereview.accounts.throttle).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "casereview.accounts.throttle.client_address"
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casereview.accounts.views.sign_in.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "ASB Case Review"
OTP_TOTP_THROTTLE_FACTOR = 1

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Partners' attachments: outside the static files and never served by URL; only the
# permission-checked download view reads them.
MEDIA_ROOT = Path(env_str("CASEREVIEW_MEDIA_ROOT", str(VAR_DIR / "attachments")))
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ASB Case Review <no-reply@casereview.local>")
EMAIL_TIMEOUT = 10
# Text messages: the class that sends them (casereview.core.sms). The default writes each one
# to a file under SMS_FILE_PATH; name a gateway's backend here to send them for real.
SMS_BACKEND = env_str("SMS_BACKEND", "casereview.core.sms.FileBackend")
SMS_FILE_PATH = Path(env_str("SMS_FILE_PATH", str(VAR_DIR / "mail")))

SERVICE_NAME = "ASB Case Review"
# Where links in emails sent outside a request (reminders, notifications) point.
# Online applications: at most this many from one address an hour; status links work for
# this many days after a case closes.
ONLINE_APPLICATIONS_PER_HOUR = env_int("ONLINE_APPLICATIONS_PER_HOUR", 5)
STATUS_LINK_DAYS_AFTER_CLOSE = env_int("STATUS_LINK_DAYS_AFTER_CLOSE", 90)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The audit log's signed checkpoints (casereview.core.checkpoints). The Ed25519 signing key
# is never in the database: AUDIT_SIGNING_KEY holds it (PEM, or base64 of the 32-byte raw
# key), or AUDIT_SIGNING_KEY_FILE names a file that does. Only local and test settings make a
# key file on first use (AUDIT_SIGNING_KEY_CREATE); production refuses to start without one.
AUDIT_SIGNING_KEY = env_str("AUDIT_SIGNING_KEY", "")
AUDIT_SIGNING_KEY_FILE = env_str("AUDIT_SIGNING_KEY_FILE", "")
AUDIT_SIGNING_KEY_CREATE = False
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "checkpoints")))

# Background work (letter PDFs, emails) is queued in the database and run by
# `casereview db_worker`; no broker to install or keep.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Linkage (docs/linkage.md): which engine runs the model, "duckdb" in this process or
# "spark"; Spark's master ("local[*]": this machine's cores; spark://host:7077, yarn, k8s://…:
# a cluster); the directory reports and links pass through as Parquet (on a cluster, shared
# storage every node and this machine reach); the Spark driver's and executors' memory.
LINKAGE_ENGINE = env_str("LINKAGE_ENGINE", "duckdb")
if LINKAGE_ENGINE not in ("duckdb", "spark"):
    raise ImproperlyConfigured(f"LINKAGE_ENGINE must be duckdb or spark, not {LINKAGE_ENGINE!r}.")
SPARK_MASTER = env_str("SPARK_MASTER", "local[*]")
LINKAGE_WORKDIR = Path(env_str("LINKAGE_WORKDIR", str(VAR_DIR / "linkage")))
SPARK_DRIVER_MEMORY = env_str("SPARK_DRIVER_MEMORY", "4g")
SPARK_EXECUTOR_MEMORY = env_str("SPARK_EXECUTOR_MEMORY", "")
# DuckDB's own memory in the worker: past it, a county's link spills to LINKAGE_WORKDIR
# instead of taking the machine's memory.
LINKAGE_DUCKDB_MEMORY = env_str("LINKAGE_DUCKDB_MEMORY", "4GB")

# /metrics answers only with this bearer token; unset, it is a 404.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Proxies whose X-Real-IP is believed (casereview.core.proxy, on in production).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django's "Not Found: /status/<token>" (and django.security's CSRF records) would write
    # an applicant's credential to the log: they name the route instead.
    "filters": {"scrub": {"()": "casereview.core.observability.logs.ScrubRequestFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"filters": ["scrub"]},  # before any handler, even a test's
        # WeasyPrint reports each rendering step at INFO; a letter is not news.
        "weasyprint.progress": {"level": "WARNING"},
        # Nor is each font WeasyPrint subsets (fontTools) nor its other steps.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
